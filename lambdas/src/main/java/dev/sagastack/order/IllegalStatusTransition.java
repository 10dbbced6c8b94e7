package dev.sagastack.order;

/** The order is in a status from which the requested one cannot be reached (API: 409). */
public final class IllegalStatusTransition extends RuntimeException {

    private final String orderId;
    private final OrderStatus current;
    private final OrderStatus requested;

    public IllegalStatusTransition(String orderId, OrderStatus current, OrderStatus requested) {
        super("order " + orderId + " is " + current + " and cannot become " + requested);
        this.orderId = orderId;
        this.current = current;
        this.requested = requested;
    }

    public String orderId() {
        return orderId;
    }

    public OrderStatus current() {
        return current;
    }

    public OrderStatus requested() {
        return requested;
    }
}
