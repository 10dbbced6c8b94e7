package dev.sagastack.saga;

import dev.sagastack.shipment.NewShipment;
import dev.sagastack.shipment.RecipientNotFound;
import dev.sagastack.shipment.Shipment;
import dev.sagastack.shipment.ShipmentCancellation;
import dev.sagastack.shipment.ShipmentCancelled;
import dev.sagastack.shipment.ShipmentLine;
import dev.sagastack.shipment.ShipmentRepository;
import dev.sagastack.shipment.ShipmentStatus;

import java.util.List;
import java.util.Objects;

/**
 * The shipping rules of the saga: an order ships once, to a recipient that exists, and never after
 * its shipment was cancelled. The refusals ({@link RecipientNotFound}, {@link ShipmentCancelled}) are
 * the state machine's {@code ShipmentRejected}.
 */
public final class Shipping {

    /** What cancelling found. */
    public enum CancelOutcome { CANCELLED, ALREADY_CANCELLED, NOTHING_SHIPPED }

    public record Cancellation(Shipment shipment, CancelOutcome outcome) {
    }

    private final ShipmentRepository shipments;

    public Shipping(ShipmentRepository shipments) {
        this.shipments = Objects.requireNonNull(shipments, "shipments");
    }

    /**
     * Creates the order's shipment, or returns it for a retried call: one conditional write that also
     * checks the recipient exists.
     *
     * @throws RecipientNotFound no such user
     * @throws ShipmentCancelled the order's shipment was cancelled before it was created
     */
    public Shipment ship(String orderId, String userId, List<ShipmentLine> lines) {
        return shipments.createForRecipient(new NewShipment(orderId, userId, lines));
    }

    /** Cancels the order's shipment; when there is none, leaves the tombstone that refuses a late create. */
    public Cancellation cancel(String orderId) {
        ShipmentCancellation result = shipments.cancelAndReport(orderId);
        CancelOutcome outcome;
        if (result.before().isEmpty()) {
            outcome = CancelOutcome.NOTHING_SHIPPED;
        } else if (result.before().get() == ShipmentStatus.CANCELLED) {
            outcome = CancelOutcome.ALREADY_CANCELLED;
        } else {
            outcome = CancelOutcome.CANCELLED;
        }
        return new Cancellation(result.shipment(), outcome);
    }
}
