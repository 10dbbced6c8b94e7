package dev.sagastack.saga;

/**
 * The ASL error name ({@code dev.sagastack.saga.AccountClosed}) of the account's
 * {@link dev.sagastack.account.AccountClosed} refusal: it cannot be charged, nor refunded automatically.
 * Business error: never retried. Only {@link StepErrors} makes it.
 */
final class AccountClosed extends StepError {

    private static final long serialVersionUID = 1L;

    AccountClosed(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean business() {
        return true;
    }
}
