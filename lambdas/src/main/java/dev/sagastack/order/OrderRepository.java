package dev.sagastack.order;

import dev.sagastack.order.internal.DynamoOrderRepository;
import dev.sagastack.pagination.Page;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.pagination.PageRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.Optional;

/**
 * Orders in the single table: {@code USER#userId / ORDER#orderId}, listed by status through GSI1
 * (newest first) and found by id through GSI2. An order id is unique across users.
 */
public interface OrderRepository {

    static OrderRepository create(DynamoDbClient client, String tableName, PageCursors cursors, Clock clock) {
        return new DynamoOrderRepository(client, tableName, cursors, clock);
    }

    /**
     * Creates the order PENDING. Repeating the call with the same id and the same content
     * (user, lines, currency) returns the existing order with {@code created == false}.
     *
     * @throws OrderConflict when the id is taken by different content
     */
    OrderCreation create(NewOrder order);

    /** Strongly consistent read (for saga steps and read-after-write). */
    Optional<Order> get(String orderId);

    /** Lookup through GSI2: eventually consistent, for API reads. */
    Optional<Order> findById(String orderId);

    /**
     * Moves an order to {@code target} from a status that allows it ({@link OrderStatus#allowedNext()}: PENDING,
     * or NEEDS_ATTENTION to CANCELLED), with failure info for CANCELLED/NEEDS_ATTENTION.
     * Repeating a transition that already happened returns the order unchanged, so saga steps can retry.
     *
     * @throws IllegalStatusTransition when the order is in another final status
     * @throws OrderNotFound           when there is no such order
     */
    default Order transition(String orderId, OrderStatus target, Optional<OrderFailure> failure) {
        return transition(orderId, Optional.empty(), target, failure).order();
    }

    /**
     * As {@link #transition(String, OrderStatus, Optional)}, in one conditional write when the owner is
     * known (the saga passes the order's user id), and telling whether this call made the change.
     * A wrong {@code owner} costs a guard read, never a wrong write.
     *
     * @throws IllegalStatusTransition when the order is in another final status (with the order found)
     * @throws OrderNotFound           when there is no such order
     */
    OrderTransition transition(String orderId, Optional<String> owner, OrderStatus target,
                               Optional<OrderFailure> failure);

    /** Orders with the status, newest first. @throws dev.sagastack.pagination.InvalidCursor */
    Page<Order> listByStatus(OrderStatus status, PageRequest page);

    /** Orders of a user by descending order id: newest first for ids from {@link OrderIds#newId()}. */
    Page<Order> listByUser(String userId, PageRequest page);
}
