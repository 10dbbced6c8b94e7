package dev.sagastack.shipment;

import dev.sagastack.keys.Keys;

import java.util.List;

/** What the CreateShipment step ships: the lines of one order. */
public record NewShipment(String orderId, String userId, List<ShipmentLine> lines) {
    public NewShipment {
        Keys.component("orderId", orderId);
        Keys.component("userId", userId);
        if (lines == null || lines.isEmpty()) {
            throw new IllegalArgumentException("a shipment needs at least one line");
        }
        lines = List.copyOf(lines);
    }
}
