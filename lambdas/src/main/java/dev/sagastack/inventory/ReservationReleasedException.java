package dev.sagastack.inventory;

/**
 * The order's reservation was already released (its saga compensated), so it may not hold stock
 * again: a late or retried reservation must not leak stock that no compensation would return.
 */
public final class ReservationReleasedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReservationReleasedException(String orderId) {
        super("Order " + orderId + " was already released; it cannot reserve stock again");
    }
}
