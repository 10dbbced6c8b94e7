package dev.sagastack.local.stepfunctions.expr;

/**
 * An expression failed while a state ran. {@code error} is the ASL error name
 * (States.Runtime, States.QueryEvaluationError, States.IntrinsicFailure...); {@code cause} the full text.
 * {@code location} names the field for the EvaluationFailed event of JSONata failures.
 */
public final class EvaluationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String error;
    private final String location;

    public EvaluationException(String error, String cause, String location) {
        super(cause, null, false, false);
        this.error = error;
        this.location = location;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return getMessage();
    }

    public String location() {
        return location;
    }
}
