package dev.sagastack.saga;

/** The order names an account that does not exist. Business error: never retried. */
public final class AccountNotFound extends StepError {

    private static final long serialVersionUID = 1L;

    public AccountNotFound(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean business() {
        return true;
    }
}
