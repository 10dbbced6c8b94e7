package dev.sagastack.local.twin.lambda;

/** Counters of one hosted function, for the console and benchmarks. */
public record FunctionStats(String function, long invocations, long errors, long environmentsCreated, int idleEnvironments) {
}
