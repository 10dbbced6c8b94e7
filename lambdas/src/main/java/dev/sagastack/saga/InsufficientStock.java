package dev.sagastack.saga;

/**
 * The ASL error name ({@code dev.sagastack.saga.InsufficientStock}) of the inventory's
 * {@link dev.sagastack.inventory.InsufficientStockException} refusal: nothing was reserved. Business
 * error: never retried. Only {@link StepErrors} makes it.
 */
final class InsufficientStock extends StepError {

    private static final long serialVersionUID = 1L;

    InsufficientStock(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean business() {
        return true;
    }
}
