package dev.sagastack.inventory;

/** The order already holds a reservation with different lines; a retry must repeat the same request. */
public final class ReservationMismatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReservationMismatchException(String orderId) {
        super("Order " + orderId + " already holds a reservation with different lines");
    }
}
