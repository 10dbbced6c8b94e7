package dev.sagastack.shipment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The shipment of an order. A shipment cancelled before it was ever created has no user and no
 * lines: it is the tombstone that stops a late create.
 */
public record Shipment(String orderId, String shipmentId, ShipmentStatus status, Optional<String> userId,
                       List<ShipmentLine> lines, Optional<Instant> createdAt, Optional<Instant> cancelledAt) {
    public Shipment {
        lines = List.copyOf(lines);
    }
}
