package dev.sagastack.shipment.internal;

import dev.sagastack.dynamo.Cancellation;
import dev.sagastack.dynamo.Transactions;
import dev.sagastack.keys.Keys;
import dev.sagastack.schema.Tables;
import dev.sagastack.shipment.NewShipment;
import dev.sagastack.shipment.RecipientNotFound;
import dev.sagastack.shipment.Shipment;
import dev.sagastack.shipment.ShipmentCancellation;
import dev.sagastack.shipment.ShipmentCancelled;
import dev.sagastack.shipment.ShipmentLine;
import dev.sagastack.shipment.ShipmentRepository;
import dev.sagastack.shipment.ShipmentStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sagastack.dynamo.Attributes.instant;
import static dev.sagastack.dynamo.Attributes.n;
import static dev.sagastack.dynamo.Attributes.number;
import static dev.sagastack.dynamo.Attributes.optionalString;
import static dev.sagastack.dynamo.Attributes.s;
import static dev.sagastack.dynamo.Attributes.string;

/** One item per order's shipment; create is conditional on absence, cancel is an upsert. */
public final class DynamoShipmentRepository implements ShipmentRepository {

    private static final String SHIPMENT = "Shipment";

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    public DynamoShipmentRepository(DynamoDbClient client, String table, Clock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Shipment create(NewShipment shipment) {
        Map<String, AttributeValue> item = newItem(shipment);
        try {
            client.putItem(PutItemRequest.builder().tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(PK)").build());
            return shipment(item);
        } catch (ConditionalCheckFailedException e) {
            Shipment existing = find(shipment.orderId()).orElseThrow(() -> e);
            if (existing.status() == ShipmentStatus.CANCELLED) {
                throw new ShipmentCancelled(shipment.orderId());
            }
            return existing;
        }
    }

    @Override
    public Shipment createForRecipient(NewShipment shipment) {
        Map<String, AttributeValue> item = newItem(shipment);
        try {
            // the put returns the shipment that stopped it (a retry's, or a tombstone), so no read follows
            Transactions.write(client, TransactWriteItemsRequest.builder().transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                            .conditionExpression("attribute_not_exists(PK)")
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                            .build()).build(),
                    TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                            .key(Keys.userProfile(shipment.userId()).toMap())
                            .conditionExpression("attribute_exists(PK)").build()).build()
            ).build());
            return shipment(item);
        } catch (TransactionCanceledException e) {
            Cancellation cancellation = Cancellation.of(e);
            if (cancellation.conditionFailedAt(0)) {
                Optional<Shipment> existing = cancellation.itemAt(0).filter(i -> !i.isEmpty())
                        .map(DynamoShipmentRepository::shipment);
                if (existing.isEmpty()) {
                    throw e;
                }
                if (existing.get().status() == ShipmentStatus.CANCELLED) {
                    throw new ShipmentCancelled(shipment.orderId());
                }
                return existing.get();
            }
            if (cancellation.conditionFailedAt(1)) {
                throw new RecipientNotFound(shipment.orderId(), shipment.userId());
            }
            throw e;
        }
    }

    private Map<String, AttributeValue> newItem(NewShipment shipment) {
        Map<String, AttributeValue> item = Keys.shipment(shipment.orderId()).toMap();
        item.put(Tables.ENTITY_TYPE, s(SHIPMENT));
        item.put("orderId", s(shipment.orderId()));
        item.put("shipmentId", s(shipmentId(shipment.orderId())));
        item.put("userId", s(shipment.userId()));
        item.put("status", s(ShipmentStatus.CREATED.name()));
        item.put("lines", AttributeValue.fromL(shipment.lines().stream().map(l -> AttributeValue.fromM(Map.of(
                "sku", s(l.sku()), "quantity", n(l.quantity())))).toList()));
        item.put("createdAt", instant(clock.instant()));
        return item;
    }

    @Override
    public Shipment cancel(String orderId) {
        // an upsert: cancelling what was never created leaves a tombstone that a late create sees
        Map<String, AttributeValue> item = client.updateItem(UpdateItemRequest.builder().tableName(table)
                .key(Keys.shipment(orderId).toMap())
                .updateExpression("SET #status = :cancelled, cancelledAt = if_not_exists(cancelledAt, :now), "
                        + "orderId = :orderId, shipmentId = :shipmentId, entityType = :type")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":cancelled", s(ShipmentStatus.CANCELLED.name()),
                        ":now", instant(clock.instant()), ":orderId", s(orderId),
                        ":shipmentId", s(shipmentId(orderId)), ":type", s(SHIPMENT)))
                .returnValues("ALL_NEW").build()).attributes();
        return shipment(item);
    }

    @Override
    public ShipmentCancellation cancelAndReport(String orderId) {
        // an upsert as cancel(), but only where not yet cancelled: a refused write returns the
        // cancelled item, a successful one the new item, whose createdAt tells a created shipment
        // (create always sets it) from a tombstone
        try {
            Map<String, AttributeValue> item = client.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Keys.shipment(orderId).toMap())
                    .updateExpression("SET #status = :cancelled, cancelledAt = :now, "
                            + "orderId = :orderId, shipmentId = :shipmentId, entityType = :type")
                    .conditionExpression("attribute_not_exists(PK) OR #status <> :cancelled")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":cancelled", s(ShipmentStatus.CANCELLED.name()),
                            ":now", instant(clock.instant()), ":orderId", s(orderId),
                            ":shipmentId", s(shipmentId(orderId)), ":type", s(SHIPMENT)))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build()).attributes();
            Optional<ShipmentStatus> before = item.containsKey("createdAt")
                    ? Optional.of(ShipmentStatus.CREATED) : Optional.empty();
            return new ShipmentCancellation(shipment(item), before);
        } catch (ConditionalCheckFailedException e) {
            if (!e.hasItem() || e.item().isEmpty()) {
                throw e;
            }
            return new ShipmentCancellation(shipment(e.item()), Optional.of(ShipmentStatus.CANCELLED));
        }
    }

    @Override
    public Optional<Shipment> find(String orderId) {
        Map<String, AttributeValue> item = client.getItem(GetItemRequest.builder().tableName(table)
                .key(Keys.shipment(orderId).toMap()).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(shipment(item));
    }

    private static String shipmentId(String orderId) {
        return "SHP-" + orderId;
    }

    private static Shipment shipment(Map<String, AttributeValue> item) {
        List<ShipmentLine> lines = item.containsKey("lines")
                ? item.get("lines").l().stream().map(AttributeValue::m)
                    .map(m -> new ShipmentLine(string(m, "sku"), (int) number(m, "quantity"))).toList()
                : List.of();
        return new Shipment(string(item, "orderId"), string(item, "shipmentId"),
                ShipmentStatus.valueOf(string(item, "status")), optionalString(item, "userId"), lines,
                optionalString(item, "createdAt").map(Instant::parse),
                optionalString(item, "cancelledAt").map(Instant::parse));
    }
}
