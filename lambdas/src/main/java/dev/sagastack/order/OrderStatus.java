package dev.sagastack.order;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lifecycle of an order: created PENDING, then one outcome chosen by the saga. NEEDS_ATTENTION is left only
 * for CANCELLED, when an operator redrives the saga and its compensations finish (MarkOrderCancelled).
 */
public enum OrderStatus {
    PENDING, CONFIRMED, CANCELLED, NEEDS_ATTENTION;

    public Set<OrderStatus> allowedNext() {
        return switch (this) {
            case PENDING -> Set.of(CONFIRMED, CANCELLED, NEEDS_ATTENTION);
            case NEEDS_ATTENTION -> Set.of(CANCELLED);
            case CONFIRMED, CANCELLED -> Set.of();
        };
    }

    public boolean canBecome(OrderStatus next) {
        return allowedNext().contains(next);
    }

    /** The statuses an order may have for a transition to {@code target}. */
    public static Set<OrderStatus> sourcesOf(OrderStatus target) {
        return Arrays.stream(values()).filter(s -> s.canBecome(target)).collect(Collectors.toUnmodifiableSet());
    }
}
