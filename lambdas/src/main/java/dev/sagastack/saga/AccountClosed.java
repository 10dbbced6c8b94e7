package dev.sagastack.saga;

/** The account is closed: it cannot be charged, nor refunded automatically. Business error: never retried. */
public final class AccountClosed extends StepError {

    private static final long serialVersionUID = 1L;

    public AccountClosed(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean business() {
        return true;
    }
}
