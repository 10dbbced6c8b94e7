package dev.sagastack.saga;

/**
 * The ASL error name ({@code dev.sagastack.saga.AccountNotFound}) of the account's
 * {@link dev.sagastack.account.AccountNotFound} refusal. Business error: never retried. Only
 * {@link StepErrors} makes it.
 */
final class AccountNotFound extends StepError {

    private static final long serialVersionUID = 1L;

    AccountNotFound(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean business() {
        return true;
    }
}
