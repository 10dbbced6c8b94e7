package dev.sagastack.pagination;

import java.util.Optional;

/**
 * What a caller asks for: at most {@code limit} items, starting after the given cursor.
 * Limits outside 1..{@value #MAX_LIMIT} are rejected rather than clamped, so a client learns early.
 */
public record PageRequest(int limit, Optional<String> cursor) {

    public static final int MAX_LIMIT = 100;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, Optional.empty());
    }

    public static PageRequest after(int limit, String cursor) {
        return new PageRequest(limit, Optional.of(cursor));
    }
}
