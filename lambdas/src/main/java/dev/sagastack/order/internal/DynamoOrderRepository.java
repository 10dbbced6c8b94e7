package dev.sagastack.order.internal;

import dev.sagastack.dynamo.Cancellation;
import dev.sagastack.dynamo.Transactions;
import dev.sagastack.keys.Keys;
import dev.sagastack.order.IllegalStatusTransition;
import dev.sagastack.order.NewOrder;
import dev.sagastack.order.Order;
import dev.sagastack.order.OrderConflict;
import dev.sagastack.order.OrderCreation;
import dev.sagastack.order.OrderFailure;
import dev.sagastack.order.OrderNotFound;
import dev.sagastack.order.OrderRepository;
import dev.sagastack.order.OrderStatus;
import dev.sagastack.order.OrderTransition;
import dev.sagastack.pagination.CursorScope;
import dev.sagastack.pagination.Page;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.pagination.PageRequest;
import dev.sagastack.pagination.QueryPages;
import dev.sagastack.schema.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sagastack.dynamo.Attributes.instant;
import static dev.sagastack.dynamo.Attributes.s;

/**
 * Orders plus an {@code ORDERID#} guard item written in the same transaction: the guard makes an
 * order id unique across users (a GSI cannot) and gives saga steps a strongly consistent way from
 * the order id to the order's key.
 */
public final class DynamoOrderRepository implements OrderRepository {

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;
    private final QueryPages pages;

    public DynamoOrderRepository(DynamoDbClient client, String table, PageCursors cursors, Clock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
        this.pages = new QueryPages(client, cursors);
    }

    @Override
    public OrderCreation create(NewOrder order) {
        String fingerprint = OrderItems.fingerprint(order);
        Instant now = clock.instant();
        Map<String, AttributeValue> item = OrderItems.order(order, fingerprint, now);
        try {
            Transactions.write(client, TransactWriteItemsRequest.builder().transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                            .conditionExpression("attribute_not_exists(PK)").build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table)
                            .item(OrderItems.guard(order, fingerprint))
                            .conditionExpression("attribute_not_exists(PK)").build()).build()
            ).build());
            return new OrderCreation(OrderItems.order(item), true);
        } catch (TransactionCanceledException e) {
            if (!Cancellation.of(e).anyConditionFailed()) {
                throw e;
            }
        }
        Map<String, AttributeValue> guard = guard(order.orderId())
                .orElseThrow(() -> new OrderConflict(order.orderId(), "order " + order.orderId() + " exists without its guard"));
        if (!fingerprint.equals(guard.get("fingerprint").s())) {
            throw new OrderConflict(order.orderId(),
                    "order id " + order.orderId() + " is already used by an order with different content");
        }
        Order existing = get(order.orderId())
                .orElseThrow(() -> new OrderConflict(order.orderId(), "order " + order.orderId() + " vanished"));
        return new OrderCreation(existing, false);
    }

    @Override
    public Optional<Order> get(String orderId) {
        return ownerOf(orderId).flatMap(userId -> getUnder(userId, orderId));
    }

    /** The order under its owner's key: one strongly consistent GetItem; empty when there is none there. */
    public Optional<Order> getUnder(String userId, String orderId) {
        return item(userId, orderId).map(OrderItems::order);
    }

    @Override
    public Optional<Order> findById(String orderId) {
        var lookup = Keys.orderLookup(orderId);
        List<Map<String, AttributeValue>> items = client.query(QueryRequest.builder().tableName(table)
                .indexName(Tables.GSI2)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", lookup.partitionAttribute()))
                .expressionAttributeValues(Map.of(":pk", s(lookup.partition())))
                .limit(1).build()).items();
        return items.stream().findFirst().map(OrderItems::order);
    }

    /** Reads the order id's guard for the owner, then writes under the owner's key. */
    @Override
    public OrderTransition transition(String orderId, OrderStatus target, Optional<OrderFailure> failure) {
        if (target == OrderStatus.PENDING) {
            throw new IllegalArgumentException("an order cannot return to PENDING");
        }
        String userId = ownerOf(orderId).orElseThrow(() -> new OrderNotFound("order not found: " + orderId));
        return transitionUnder(userId, orderId, target, failure)
                .orElseThrow(() -> new OrderNotFound("order not found: " + orderId));
    }

    /**
     * One UpdateItem conditional on a status that may become {@code target} (PENDING; NEEDS_ATTENTION too for
     * CANCELLED); a refused write returns the item as it was
     * (ReturnValuesOnConditionCheckFailure ALL_OLD), which tells a repeated transition from a wrong
     * one without another read. Empty when there is no order under that key.
     */
    public Optional<OrderTransition> transitionUnder(String userId, String orderId, OrderStatus target,
                                                     Optional<OrderFailure> failure) {
        StringBuilder update = new StringBuilder("SET #status = :to, GSI1PK = :gsi1pk, updatedAt = :now");
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":to", s(target.name()),
                ":gsi1pk", s(Keys.ordersByStatusPartition(target.name())), ":now", instant(clock.instant())));
        List<String> from = new ArrayList<>();
        for (OrderStatus source : OrderStatus.sourcesOf(target)) {
            from.add(":from" + source.ordinal());
            values.put(":from" + source.ordinal(), s(source.name()));
        }
        if (failure.isPresent()) {
            update.append(", failureError = :error, failureCause = :cause");
            values.put(":error", s(failure.get().error()));
            values.put(":cause", s(failure.get().cause()));
        }
        try {
            Map<String, AttributeValue> item = client.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Keys.order(userId, orderId).toMap())
                    .updateExpression(update.toString())
                    .conditionExpression("attribute_exists(PK) AND #status IN (" + String.join(", ", from) + ")")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build()).attributes();
            return Optional.of(new OrderTransition(OrderItems.order(item), true));
        } catch (ConditionalCheckFailedException e) {
            if (!e.hasItem() || e.item().isEmpty()) {
                return Optional.empty();
            }
            Order current = OrderItems.order(e.item());
            if (current.status() == target) {
                return Optional.of(new OrderTransition(current, false));
            }
            throw new IllegalStatusTransition(current, target);
        }
    }

    @Override
    public Page<Order> listByStatus(OrderStatus status, PageRequest page) {
        String partition = Keys.ordersByStatusPartition(status.name());
        CursorScope scope = new CursorScope(table, Optional.of(Tables.GSI1), Tables.GSI1PK, partition, false,
                List.of(Tables.PK, Tables.SK, Tables.GSI1PK, Tables.GSI1SK));
        QueryRequest query = QueryRequest.builder().tableName(table).indexName(Tables.GSI1)
                .keyConditionExpression("GSI1PK = :pk")
                .expressionAttributeValues(Map.of(":pk", s(partition)))
                .scanIndexForward(false).build();
        return pages.page(scope, query, page).map(OrderItems::order);
    }

    @Override
    public Page<Order> listByUser(String userId, PageRequest page) {
        String partition = Keys.userProfile(userId).pk();
        CursorScope scope = new CursorScope(table, Optional.empty(), Tables.PK, partition, false,
                List.of(Tables.PK, Tables.SK));
        QueryRequest query = QueryRequest.builder().tableName(table)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :orders)")
                .expressionAttributeValues(Map.of(":pk", s(partition), ":orders", s(Keys.ORDER_PREFIX)))
                .scanIndexForward(false).consistentRead(true).build();
        return pages.page(scope, query, page).map(OrderItems::order);
    }

    /** The owner the order id's guard names: one strongly consistent GetItem. */
    public Optional<String> ownerOf(String orderId) {
        return guard(orderId).map(g -> g.get("userId").s());
    }

    private Optional<Map<String, AttributeValue>> guard(String orderId) {
        return get(Keys.orderIdGuard(orderId).toMap());
    }

    private Optional<Map<String, AttributeValue>> item(String userId, String orderId) {
        return get(Keys.order(userId, orderId).toMap());
    }

    private Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = client.getItem(GetItemRequest.builder().tableName(table)
                .key(key).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }
}
