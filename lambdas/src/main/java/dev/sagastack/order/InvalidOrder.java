package dev.sagastack.order;

import dev.sagastack.errors.Refusal;

/** Input that can never make a valid order (API: 400). */
public final class InvalidOrder extends Refusal {
    public InvalidOrder(String message) {
        super(Kind.INVALID, message);
    }
}
