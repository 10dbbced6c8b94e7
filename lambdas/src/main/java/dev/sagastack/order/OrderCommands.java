package dev.sagastack.order;

import java.util.Optional;

/** The writes of orders: what placing an order and the saga's final steps need. */
public interface OrderCommands {

    /**
     * Creates the order PENDING. Repeating the call with the same id and the same content
     * (user, lines, currency) returns the existing order with {@code created == false}.
     *
     * @throws OrderConflict when the id is taken by different content
     */
    OrderCreation create(NewOrder order);

    /**
     * Moves an order to {@code target} from a status that allows it ({@link OrderStatus#allowedNext()}: PENDING,
     * or NEEDS_ATTENTION to CANCELLED), with failure info for CANCELLED/NEEDS_ATTENTION.
     * Repeating a transition that already happened returns the order unchanged with
     * {@code changed == false}, so saga steps can retry.
     *
     * @throws IllegalStatusTransition when the order is in another final status (with the order found)
     * @throws OrderNotFound           when there is no such order
     */
    OrderTransition transition(String orderId, OrderStatus target, Optional<OrderFailure> failure);
}
