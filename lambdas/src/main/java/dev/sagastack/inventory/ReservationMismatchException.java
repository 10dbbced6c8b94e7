package dev.sagastack.inventory;

import dev.sagastack.errors.Refusal;

/** The order already holds a reservation with different lines; a retry must repeat the same request. */
public final class ReservationMismatchException extends Refusal {

    private static final long serialVersionUID = 1L;

    public ReservationMismatchException(String orderId) {
        super(Kind.CONFLICT, "Order " + orderId + " already holds a reservation with different lines");
    }

    @Override
    public String code() {
        return "ReservationMismatch";
    }
}
