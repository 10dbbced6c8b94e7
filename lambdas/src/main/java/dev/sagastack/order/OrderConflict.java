package dev.sagastack.order;

import dev.sagastack.errors.Refusal;

/**
 * The order id is already taken by an order with different content (another user, other lines
 * or currency), or the order is bound to another saga execution (API: 409).
 */
public final class OrderConflict extends Refusal {

    private final String orderId;

    public OrderConflict(String orderId, String message) {
        super(Kind.CONFLICT, message);
        this.orderId = orderId;
    }

    public String orderId() {
        return orderId;
    }
}
