package dev.sagastack.inventory;

import java.util.List;

/**
 * What releasing an order's reservation did.
 *
 * @param lines the lines returned to stock by this or an earlier release; empty when nothing was reserved
 */
public record Release(String orderId, Outcome outcome, List<ReservationLine> lines) {

    public enum Outcome {
        /** This call returned the reserved units to stock. */
        RELEASED,
        /** An earlier call already returned them; nothing changed. */
        ALREADY_RELEASED,
        /** The order never held stock; a later reservation for it will be refused. */
        NOTHING_RESERVED
    }

    public Release {
        lines = List.copyOf(lines);
    }
}
