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
     * Creates the shipment if its recipient (the user profile of {@code shipment.userId()}) exists, in
     * one transaction; returns the existing shipment for a retried call, whatever became of the user.
     *
     * @throws ShipmentCancelled when the order's shipment was cancelled first
     * @throws RecipientNotFound when there is no such user (nothing is written)
     */
    Shipment createForRecipient(NewShipment shipment);

    /** As {@link #cancel}, in one conditional write, saying what the cancel found. */
    ShipmentCancellation cancelAndReport(String orderId);

    /**
     * Cancels the order's shipment; succeeds when there was none (then leaves a tombstone so a
     * late {@link #create} fails) and when it is already cancelled.
     */
    Shipment cancel(String orderId);

    /** Strongly consistent read. */
    Optional<Shipment> find(String orderId);
}
