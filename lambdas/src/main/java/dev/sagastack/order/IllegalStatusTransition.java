package dev.sagastack.order;

import dev.sagastack.errors.Refusal;

import java.util.Optional;

/** The order is in a status from which the requested one cannot be reached (API: 409). */
public final class IllegalStatusTransition extends Refusal {

    private final String orderId;
    private final OrderStatus current;
    private final OrderStatus requested;
    private final transient Order currentOrder;

    public IllegalStatusTransition(String orderId, OrderStatus current, OrderStatus requested) {
        super(Kind.CONFLICT, "order " + orderId + " is " + current + " and cannot become " + requested);
        this.orderId = orderId;
        this.current = current;
        this.requested = requested;
        this.currentOrder = null;
    }

    /** With the order as the refused write found it. */
    public IllegalStatusTransition(Order currentOrder, OrderStatus requested) {
        super(Kind.CONFLICT, "order " + currentOrder.orderId() + " is " + currentOrder.status() + " and cannot become " + requested);
        this.orderId = currentOrder.orderId();
        this.current = currentOrder.status();
        this.requested = requested;
        this.currentOrder = currentOrder;
    }

    /** The order as found, when the refusing write returned it. */
    public Optional<Order> currentOrder() {
        return Optional.ofNullable(currentOrder);
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
