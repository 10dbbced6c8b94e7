package dev.sagastack.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An order as stored. Amounts are minor units of {@code currency}.
 *
 * @param failure      set when the order ended CANCELLED or NEEDS_ATTENTION
 */
public record Order(String orderId, String userId, List<OrderLine> lines, String currency, long total,
                    OrderStatus status, Instant createdAt, Instant updatedAt,
                    Optional<OrderFailure> failure) {

    public Order {
        lines = List.copyOf(lines);
    }
}
