package dev.sagastack.saga;

/**
 * An error a saga step reports to Step Functions. Lambda's Java runtime reports a thrown exception
 * with {@code errorType} = the class's binary name, so the ASL's {@code ErrorEquals} lists
 * {@code dev.sagastack.saga.<SimpleName>}: each subclass's simple name is the error's name and the
 * package is the namespace. The message becomes the history's {@code Cause}.
 *
 * <p>One error model: the domain refuses with a {@link dev.sagastack.errors.Refusal} of some kind, and
 * {@link StepErrors#translate} maps it, once, to one of these names. Business errors (never retried):
 * {@code InsufficientStock}, {@code InsufficientFunds}, {@code AccountClosed}, {@code AccountNotFound}
 * (package-private: they exist only to carry the name of a domain refusal, which code throws and
 * catches as the domain's own type), and {@link ShipmentRejected}. Retried: {@link TransientError}.
 * Neither, and not retried: {@link InvalidStepInput}, {@link StepConflict}.
 */
public abstract class StepError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected StepError(String message, Throwable cause) {
        super(message, cause);
    }

    /** The name the state machine sees as {@code Error}. */
    public final String errorName() {
        return getClass().getName();
    }

    /** A business outcome (the order cannot be fulfilled), as opposed to a technical failure. */
    public abstract boolean business();
}
