package dev.sagastack.inventory;

import java.util.List;

/**
 * The stock an order holds.
 *
 * @param alreadyReserved true when this call found the reservation made by an earlier call
 *                        (a retry or redelivery) and changed nothing
 */
public record Reservation(String orderId, List<ReservationLine> lines, boolean alreadyReserved) {

    public Reservation {
        lines = List.copyOf(lines);
    }
}
