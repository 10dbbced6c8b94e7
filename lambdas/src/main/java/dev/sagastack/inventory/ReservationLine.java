package dev.sagastack.inventory;

import java.util.Objects;

/** One order line to hold: {@code quantity} units of {@code sku}. */
public record ReservationLine(String sku, long quantity) {

    public static final int MAX_SKU_LENGTH = 64;

    public ReservationLine {
        Objects.requireNonNull(sku, "sku");
        if (sku.isBlank() || sku.length() > MAX_SKU_LENGTH) {
            throw new IllegalArgumentException("sku must be 1.." + MAX_SKU_LENGTH + " characters, not blank");
        }
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity of " + sku + " must be positive, was " + quantity);
        }
    }
}
