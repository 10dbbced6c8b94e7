package dev.sagastack.saga;

import dev.sagastack.order.IllegalStatusTransition;
import dev.sagastack.order.Order;
import dev.sagastack.order.OrderFailure;
import dev.sagastack.order.OrderNotFound;
import dev.sagastack.order.OrderRepository;
import dev.sagastack.order.OrderStatus;
import dev.sagastack.order.OrderTransition;

import java.util.Objects;
import java.util.Optional;

/**
 * The final status the saga gives an order: CONFIRMED, CANCELLED, or NEEDS_ATTENTION (listed by
 * the API as {@code GET /orders?status=NEEDS_ATTENTION}, with the failure an operator must settle).
 * Transitions are conditional on PENDING (a redriven saga's MarkOrderCancelled also settles a NEEDS_ATTENTION
 * order as CANCELLED); repeating one that already happened changes nothing.
 */
public final class OrderOutcomes {

    /** @param changed false when the order already had the status (a retried step) */
    public record Outcome(Order order, boolean changed) {
    }

    /** An id no order can have (order ids are generated), for priming. */
    public static final String PRIMING_ORDER_ID = "PRIMING";

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
        try {
            return cancel(orderId, failure);
        } catch (IllegalStatusTransition e) {
            if (e.current() == OrderStatus.CONFIRMED && e.currentOrder().isPresent()) {
                return new Outcome(e.currentOrder().get(), false);
            }
            throw e;
        }
    }

    public Outcome needsAttention(String orderId, OrderFailure failure) {
        return moveTo(orderId, OrderStatus.NEEDS_ATTENTION, Optional.of(failure));
    }

    /**
     * SnapStart priming: runs a transition's calls (the guard read, and the conditional UpdateItem and
     * its refusal when the repository was told an owner for it) for an order id no order can have (ids
     * are generated), so nothing is written.
     */
    public void prime() {
        try {
            orders.transition(PRIMING_ORDER_ID, OrderStatus.CONFIRMED, Optional.empty());
        } catch (OrderNotFound expected) {
            // the refusal is the path being primed
        }
    }

    /** Strongly consistent read of the order (for the steps' priming and checks). */
    public Optional<Order> find(String orderId) {
        return orders.get(orderId);
    }

    /**
     * One conditional write when the repository knows the owner; the write itself tells a retry from a
     * conflict. An order that does not exist is the repository's {@link OrderNotFound}.
     */
    private Outcome moveTo(String orderId, OrderStatus target, Optional<OrderFailure> failure) {
        OrderTransition transition = orders.transition(orderId, target, failure);
        return new Outcome(transition.order(), transition.changed());
    }
}
