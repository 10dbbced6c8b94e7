package dev.sagastack.local.twin.lambda;

/** Counters of one hosted function, for the console and benchmarks.
 *
 * @param averageMicros mean time of an invocation as its caller sees it (cold starts included)
 * @param throttles     invocations refused with TooManyRequestsException (reserved concurrency reached)
 */
public record FunctionStats(String function, long invocations, long errors, long environmentsCreated, int idleEnvironments,
                            long averageMicros, long throttles) {
}
