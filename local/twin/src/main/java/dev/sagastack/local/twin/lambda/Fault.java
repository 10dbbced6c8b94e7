package dev.sagastack.local.twin.lambda;

import java.util.Objects;

/**
 * A fault armed for the next {@code times} invocations of one function.
 *
 * @param errorType    for {@link FaultMode#ERROR}: the error type the function reports
 * @param errorMessage for {@link FaultMode#ERROR}: the message it reports
 */
public record Fault(String function, FaultMode mode, int times, String errorType, String errorMessage) {

    public static final String DEFAULT_ERROR_TYPE = "InjectedFault";

    public Fault(String function, FaultMode mode, int times, String errorType) {
        this(function, mode, times, errorType, "Fault injected by the local twin into " + function);
    }

    public Fault {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(errorMessage, "errorMessage");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
    }

    Fault withTimes(int remaining) {
        return new Fault(function, mode, remaining, errorType, errorMessage);
    }
}
