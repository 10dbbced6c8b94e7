package dev.sagastack.local.twin.lambda;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One function the host runs: its name, how to construct its handler, its timeout and memory, the
 * environment variables Lambda would give it, and its reserved concurrency (at most that many invocations at
 * once; the next one is throttled).
 */
public record FunctionDefinition(String name, HandlerFactory handlerFactory, Duration timeout, int memoryMb,
                                 Map<String, String> environment, OptionalInt reservedConcurrency) {

    public FunctionDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handlerFactory, "handlerFactory");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        environment = Map.copyOf(environment);
        if (reservedConcurrency.isPresent() && reservedConcurrency.getAsInt() < 0) {
            throw new IllegalArgumentException("reserved concurrency must be 0 or more: " + reservedConcurrency);
        }
    }

    /** A function without reserved concurrency. */
    public FunctionDefinition(String name, HandlerFactory handlerFactory, Duration timeout, int memoryMb,
                              Map<String, String> environment) {
        this(name, handlerFactory, timeout, memoryMb, environment, OptionalInt.empty());
    }

    public FunctionDefinition withTimeout(Duration newTimeout) {
        return new FunctionDefinition(name, handlerFactory, newTimeout, memoryMb, environment, reservedConcurrency);
    }
}
