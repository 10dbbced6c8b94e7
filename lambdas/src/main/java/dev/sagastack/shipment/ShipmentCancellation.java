package dev.sagastack.shipment;

import java.util.Optional;

/**
 * The shipment after a cancel, and what the cancel found.
 *
 * @param before empty when the order had no shipment (the cancel left a tombstone); CANCELLED when
 *               it was already cancelled (the call changed nothing)
 */
public record ShipmentCancellation(Shipment shipment, Optional<ShipmentStatus> before) {
}
