package dev.sagastack.order;

/** Input that can never make a valid order (API: 400). */
public final class InvalidOrder extends RuntimeException {
    public InvalidOrder(String message) {
        super(message);
    }
}
