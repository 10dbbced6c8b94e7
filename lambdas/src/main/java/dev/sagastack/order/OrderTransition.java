package dev.sagastack.order;

/**
 * The order after a status transition.
 *
 * @param changed false when the order already had the target status (a retried step)
 */
public record OrderTransition(Order order, boolean changed) {
}
