package dev.sagastack.saga;

/** The account balance does not cover the order total; nothing was charged. Business error: never retried. */
public final class InsufficientFunds extends StepError {

    private static final long serialVersionUID = 1L;

    public InsufficientFunds(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean business() {
        return true;
    }
}
