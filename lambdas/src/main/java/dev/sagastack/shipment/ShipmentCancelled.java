package dev.sagastack.shipment;

import dev.sagastack.errors.Refusal;

/**
 * The order's shipment was cancelled (possibly before this create arrived), so it will not be
 * created: a late forward step must not undo a compensation.
 */
public final class ShipmentCancelled extends Refusal {
    public ShipmentCancelled(String orderId) {
        super(Kind.BUSINESS_RULE, "shipment of order " + orderId + " is cancelled");
    }
}
