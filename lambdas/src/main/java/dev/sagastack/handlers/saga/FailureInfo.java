package dev.sagastack.handlers.saga;

/**
 * What the state machine's catchers record about a failed step ({@code $failure},
 * {@code $compensationFailure}): the step, the error name, business or technical, and the cause.
 */
public record FailureInfo(String step, String error, String kind, String cause) {

    public FailureInfo {
        Fields.text(step, "failure.step");
        Fields.text(error, "failure.error");
    }
}
