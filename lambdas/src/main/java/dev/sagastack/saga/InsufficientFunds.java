package dev.sagastack.saga;

/**
 * The ASL error name ({@code dev.sagastack.saga.InsufficientFunds}) of the account's
 * {@link dev.sagastack.account.InsufficientFunds} refusal: the balance does not cover the order total;
 * nothing was charged. Business error: never retried. Only {@link StepErrors} makes it.
 */
final class InsufficientFunds extends StepError {

    private static final long serialVersionUID = 1L;

    InsufficientFunds(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean business() {
        return true;
    }
}
