package dev.sagastack.order;

import dev.sagastack.order.internal.DynamoOrderRepository;
import dev.sagastack.pagination.PageCursors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * Orders in the single table: {@code USER#userId / ORDER#orderId}, listed by status through GSI1
 * (newest first) and found by id through GSI2. An order id is unique across users. Callers that
 * only write or only read take {@link OrderCommands} or {@link OrderQueries}.
 */
public interface OrderRepository extends OrderCommands, OrderQueries {

    /** The table's orders, with the container's memory of order owners in front ({@link RememberedOrderOwners}). */
    static RememberedOrderOwners create(DynamoDbClient client, String tableName, PageCursors cursors, Clock clock) {
        return new RememberedOrderOwners(new DynamoOrderRepository(client, tableName, cursors, clock));
    }
}
