package dev.sagastack.saga;

import dev.sagastack.shipment.NewShipment;
import dev.sagastack.shipment.Shipment;
import dev.sagastack.shipment.ShipmentLine;
import dev.sagastack.shipment.ShipmentRepository;
import dev.sagastack.shipment.ShipmentStatus;
import dev.sagastack.user.UserReads;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The shipping rules of the saga: an order ships once, to a recipient that exists, and never after
 * its shipment was cancelled. Both refusals are {@link ShipmentRejected}.
 */
public final class Shipping {

    /** What cancelling found. */
    public enum CancelOutcome { CANCELLED, ALREADY_CANCELLED, NOTHING_SHIPPED }

    public record Cancellation(Shipment shipment, CancelOutcome outcome) {
    }

    private final ShipmentRepository shipments;
    private final UserReads users;

    public Shipping(ShipmentRepository shipments, UserReads users) {
        this.shipments = Objects.requireNonNull(shipments, "shipments");
        this.users = Objects.requireNonNull(users, "users");
    }

    /** Creates the order's shipment, or returns it for a retried call. */
    public Shipment ship(String orderId, String userId, List<ShipmentLine> lines) {
        Optional<Shipment> existing = shipments.find(orderId);
        if (existing.isPresent()) {
            if (existing.get().status() == ShipmentStatus.CANCELLED) {
                throw new ShipmentRejected("shipment of order " + orderId + " was already cancelled", null);
            }
            return existing.get();
        }
        if (users.findById(userId).isEmpty()) {
            throw new ShipmentRejected("order " + orderId + " cannot ship: recipient " + userId + " does not exist", null);
        }
        return shipments.create(new NewShipment(orderId, userId, lines));
    }

    /** Cancels the order's shipment; when there is none, leaves the tombstone that refuses a late create. */
    public Cancellation cancel(String orderId) {
        Optional<Shipment> before = shipments.find(orderId);
        Shipment after = shipments.cancel(orderId);
        CancelOutcome outcome;
        if (before.isEmpty()) {
            outcome = CancelOutcome.NOTHING_SHIPPED;
        } else if (before.get().status() == ShipmentStatus.CANCELLED) {
            outcome = CancelOutcome.ALREADY_CANCELLED;
        } else {
            outcome = CancelOutcome.CANCELLED;
        }
        return new Cancellation(after, outcome);
    }
}
