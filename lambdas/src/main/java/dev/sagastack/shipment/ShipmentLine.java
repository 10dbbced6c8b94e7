package dev.sagastack.shipment;

import dev.sagastack.keys.Keys;

/** A quantity of one SKU to ship. */
public record ShipmentLine(String sku, int quantity) {
    public ShipmentLine {
        Keys.component("sku", sku);
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be positive, was " + quantity);
        }
    }
}
