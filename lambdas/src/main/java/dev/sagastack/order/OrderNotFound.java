package dev.sagastack.order;

import dev.sagastack.errors.Refusal;

/** No order with this id (API: 404). */
public final class OrderNotFound extends Refusal {
    public OrderNotFound(String message) {
        super(Kind.NOT_FOUND, message);
    }
}
