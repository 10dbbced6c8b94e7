package dev.sagastack.saga;

/** Some order line cannot be reserved; nothing was reserved. Business error: never retried. */
public final class InsufficientStock extends StepError {

    private static final long serialVersionUID = 1L;

    public InsufficientStock(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean business() {
        return true;
    }
}
