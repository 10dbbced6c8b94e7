package dev.sagastack.local.twin.lambda;

import dev.sagastack.functions.FunctionSpec;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One function the host runs: its name, how to construct its handler, its timeout and memory, and the
 * environment variables Lambda would give it.
 */
public record FunctionDefinition(String name, HandlerFactory handlerFactory, Duration timeout, int memoryMb,
                                 Map<String, String> environment) {

    public FunctionDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handlerFactory, "handlerFactory");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        environment = Map.copyOf(environment);
    }

    /** The catalog's function with its handler constructed reflectively, as Lambda does from the handler string. */
    public static FunctionDefinition fromCatalog(FunctionSpec spec, Map<String, String> environment) {
        return new FunctionDefinition(spec.name(), HandlerFactory.reflective(spec.handlerClass()),
                spec.timeout(), spec.memoryMb(), environment);
    }

    public FunctionDefinition withTimeout(Duration newTimeout) {
        return new FunctionDefinition(name, handlerFactory, newTimeout, memoryMb, environment);
    }
}
