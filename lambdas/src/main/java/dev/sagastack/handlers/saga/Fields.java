package dev.sagastack.handlers.saga;


import java.util.List;
import java.util.Optional;

/** Checks on step payload fields; each failure names the field. */
final class Fields {

    private static final int MAX_ID_LENGTH = 64;

    private Fields() {
    }

    static String id(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidPayload(field + " is required");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new InvalidPayload(field + " must be at most " + MAX_ID_LENGTH + " characters");
        }
        return value;
    }

    /** An id that may be absent (null), validated when present. */
    static Optional<String> optionalId(String value, String field) {
        return value == null ? Optional.empty() : Optional.of(id(value, field));
    }

    static long positive(Long value, String field) {
        if (value == null) {
            throw new InvalidPayload(field + " is required");
        }
        if (value <= 0) {
            throw new InvalidPayload(field + " must be positive, was " + value);
        }
        return value;
    }

    static <T> List<T> nonEmpty(List<T> value, String field) {
        if (value == null || value.isEmpty()) {
            throw new InvalidPayload(field + " must list at least one entry");
        }
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i) == null) {
                throw new InvalidPayload(field + "[" + i + "] must not be null");
            }
        }
        return List.copyOf(value);
    }

    static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidPayload(field + " is required");
        }
        return value;
    }
}
