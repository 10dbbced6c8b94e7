package dev.sagastack.shipment;

import dev.sagastack.shipment.internal.DynamoShipmentRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.Optional;

/** Shipments keyed by order id ({@code SHIPMENT#orderId}); every write is conditional and idempotent. */
public interface ShipmentRepository {

    static ShipmentRepository create(DynamoDbClient client, String tableName, Clock clock) {
        return new DynamoShipmentRepository(client, tableName, clock);
    }

    /**
     * Creates the shipment, or returns the existing one for a retried call.
     *
     * @throws ShipmentCancelled when the order's shipment was cancelled first
     */
    Shipment create(NewShipment shipment);

    /**
     * Cancels the order's shipment; succeeds when there was none (then leaves a tombstone so a
     * late {@link #create} fails) and when it is already cancelled.
     */
    Shipment cancel(String orderId);

    /** Strongly consistent read. */
    Optional<Shipment> find(String orderId);
}
