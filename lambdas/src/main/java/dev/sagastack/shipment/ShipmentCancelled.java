package dev.sagastack.shipment;

/**
 * The order's shipment was cancelled (possibly before this create arrived), so it will not be
 * created: a late forward step must not undo a compensation.
 */
public final class ShipmentCancelled extends RuntimeException {
    public ShipmentCancelled(String orderId) {
        super("shipment of order " + orderId + " is cancelled");
    }
}
