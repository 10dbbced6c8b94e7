package dev.sagastack.saga;

import dev.sagastack.order.Order;
import dev.sagastack.order.OrderFailure;
import dev.sagastack.order.OrderRepository;
import dev.sagastack.order.OrderStatus;

import java.util.Objects;
import java.util.Optional;

/**
 * The final status the saga gives an order: CONFIRMED, CANCELLED, or NEEDS_ATTENTION (listed by
 * the API as {@code GET /orders?status=NEEDS_ATTENTION}, with the failure an operator must settle).
 * Transitions are conditional on PENDING; repeating one that already happened changes nothing.
 */
public final class OrderOutcomes {

    /** @param changed false when the order already had the status (a retried step) */
    public record Outcome(Order order, boolean changed) {
    }

    private final OrderRepository orders;

    public OrderOutcomes(OrderRepository orders) {
        this.orders = Objects.requireNonNull(orders, "orders");
    }

    public Outcome confirm(String orderId) {
        return moveTo(orderId, OrderStatus.CONFIRMED, Optional.empty());
    }

    public Outcome cancel(String orderId, OrderFailure failure) {
        return moveTo(orderId, OrderStatus.CANCELLED, Optional.of(failure));
    }

    /**
     * Cancels a PENDING order; an order that is already CONFIRMED stays so and is returned unchanged
     * (the confirmation whose outcome was unknown did happen).
     */
    public Outcome cancelUnlessConfirmed(String orderId, OrderFailure failure) {
        Order current = orders.get(orderId)
                .orElseThrow(() -> new StepConflict("order " + orderId + " does not exist"));
        if (current.status() == OrderStatus.CONFIRMED) {
            return new Outcome(current, false);
        }
        return cancel(orderId, failure);
    }

    public Outcome needsAttention(String orderId, OrderFailure failure) {
        return moveTo(orderId, OrderStatus.NEEDS_ATTENTION, Optional.of(failure));
    }

    /** Strongly consistent read of the order (for the steps' priming and checks). */
    public Optional<Order> find(String orderId) {
        return orders.get(orderId);
    }

    private Outcome moveTo(String orderId, OrderStatus target, Optional<OrderFailure> failure) {
        Order current = orders.get(orderId)
                .orElseThrow(() -> new StepConflict("order " + orderId + " does not exist"));
        if (current.status() == target) {
            return new Outcome(current, false);
        }
        return new Outcome(orders.transition(orderId, target, failure), true);
    }
}
