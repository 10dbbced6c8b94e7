package dev.sagastack.inventory;

import dev.sagastack.errors.Refusal;

/**
 * The order's reservation was already released (its saga compensated), so it may not hold stock
 * again: a late or retried reservation must not leak stock that no compensation would return.
 */
public final class ReservationReleasedException extends Refusal {

    private static final long serialVersionUID = 1L;

    public ReservationReleasedException(String orderId) {
        super(Kind.CONFLICT, "Order " + orderId + " was already released; it cannot reserve stock again");
    }

    @Override
    public String code() {
        return "ReservationReleased";
    }
}
