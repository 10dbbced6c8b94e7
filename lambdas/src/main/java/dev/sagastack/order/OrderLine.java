package dev.sagastack.order;

import dev.sagastack.keys.Keys;

/** One line of an order; {@code unitPrice} in minor units of the order's currency. */
public record OrderLine(String sku, int quantity, long unitPrice) {

    public OrderLine {
        try {
            Keys.component("sku", sku);
        } catch (IllegalArgumentException e) {
            throw new InvalidOrder(e.getMessage());
        }
        if (quantity < 1 || quantity > 10_000) {
            throw new InvalidOrder("quantity of " + sku + " must be 1..10000, was " + quantity);
        }
        if (unitPrice < 0) {
            throw new InvalidOrder("unitPrice of " + sku + " must not be negative, was " + unitPrice);
        }
    }

    public long lineTotal() {
        try {
            return Math.multiplyExact(unitPrice, (long) quantity);
        } catch (ArithmeticException e) {
            throw new InvalidOrder("line total of " + sku + " overflows");
        }
    }
}
