package dev.sagastack.order;

/** No order with this id (API: 404). */
public final class OrderNotFound extends RuntimeException {
    public OrderNotFound(String message) {
        super(message);
    }
}
