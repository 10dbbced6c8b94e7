package dev.sagastack.order;

import java.util.Set;

/** Lifecycle of an order: created PENDING, then exactly one final outcome chosen by the saga. */
public enum OrderStatus {
    PENDING, CONFIRMED, CANCELLED, NEEDS_ATTENTION;

    public Set<OrderStatus> allowedNext() {
        return this == PENDING ? Set.of(CONFIRMED, CANCELLED, NEEDS_ATTENTION) : Set.of();
    }

    public boolean canBecome(OrderStatus next) {
        return allowedNext().contains(next);
    }
}
