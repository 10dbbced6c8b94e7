package dev.sagastack.local.stepfunctions;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one Lambda invocation: the response payload, or a function error shaped like
 * Lambda's {@code {"errorMessage","errorType","stackTrace"}}. {@link #after(Duration)} makes the
 * result arrive that much later on the engine's clock, which is how tests simulate slow functions
 * (and TimeoutSeconds) on a virtual clock.
 */
public final class InvocationResult {
    private final String payload;
    private final String errorType;
    private final String errorMessage;
    private final List<String> stackTrace;
    private final boolean serviceError;
    private final Duration delay;
    private final String executedVersion;

    private InvocationResult(String payload, String errorType, String errorMessage, List<String> stackTrace,
                             boolean serviceError, Duration delay, String executedVersion) {
        this.payload = payload;
        this.errorType = errorType;
        this.errorMessage = errorMessage;
        this.stackTrace = stackTrace;
        this.serviceError = serviceError;
        this.delay = delay;
        this.executedVersion = executedVersion;
    }

    private InvocationResult(String payload, String errorType, String errorMessage, List<String> stackTrace,
                             boolean serviceError, Duration delay) {
        this(payload, errorType, errorMessage, stackTrace, serviceError, delay, null);
    }

    /** The function returned this JSON (any JSON value; non-JSON text becomes a JSON string). */
    public static InvocationResult success(String payloadJson) {
        return new InvocationResult(Objects.requireNonNull(payloadJson, "payloadJson"), null, null, List.of(),
                false, Duration.ZERO);
    }

    /** The function failed; Step Functions reports Error = errorType and the error JSON as Cause. */
    public static InvocationResult functionError(String errorType, String errorMessage, List<String> stackTrace) {
        return new InvocationResult(null, Objects.requireNonNull(errorType, "errorType"),
                errorMessage == null ? "" : errorMessage, List.copyOf(stackTrace), false, Duration.ZERO);
    }

    public static InvocationResult functionError(String errorType, String errorMessage) {
        return functionError(errorType, errorMessage, List.of());
    }

    /**
     * The Lambda service itself failed (throttling, function not found...): the Task fails with this
     * error name (e.g. Lambda.TooManyRequestsException) and the message as Cause.
     */
    public static InvocationResult serviceError(String error, String cause) {
        return new InvocationResult(null, Objects.requireNonNull(error, "error"), cause, List.of(), true,
                Duration.ZERO);
    }

    /** The same result, delivered {@code d} later on the engine clock. */
    public InvocationResult after(Duration d) {
        return new InvocationResult(payload, errorType, errorMessage, stackTrace, serviceError, d, executedVersion);
    }

    /**
     * The same result from the given version of the function (Invoke's {@code X-Amz-Executed-Version}: the
     * version an alias pointed to), which a host that knows its aliases reports.
     */
    public InvocationResult fromVersion(String version) {
        return new InvocationResult(payload, errorType, errorMessage, stackTrace, serviceError, delay,
                Objects.requireNonNull(version, "version"));
    }

    /** The version that ran, when the invoker said. */
    public Optional<String> executedVersion() {
        return Optional.ofNullable(executedVersion);
    }

    public boolean isSuccess() {
        return errorType == null;
    }

    public Optional<String> payload() {
        return Optional.ofNullable(payload);
    }

    public Optional<String> errorType() {
        return Optional.ofNullable(errorType);
    }

    public String errorMessage() {
        return errorMessage == null ? "" : errorMessage;
    }

    public List<String> stackTrace() {
        return stackTrace;
    }

    public boolean isServiceError() {
        return serviceError;
    }

    public Duration delay() {
        return delay;
    }
}
