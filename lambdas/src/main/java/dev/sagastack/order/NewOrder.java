package dev.sagastack.order;

import dev.sagastack.keys.Keys;

import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A request to create an order. The caller chooses {@code orderId} (e.g. derived from an
 * Idempotency-Key), which makes creation idempotent; {@code OrderIds.newId()} gives a fresh
 * time-ordered one.
 */
public record NewOrder(String orderId, String userId, List<OrderLine> lines, String currency) {

    /** Lines per order; the API refuses more, naming {@code items}. */
    public static final int MAX_LINES = 100;

    public NewOrder {
        try {
            Keys.component("orderId", orderId);
            Keys.component("userId", userId);
        } catch (IllegalArgumentException e) {
            throw new InvalidOrder(e.getMessage());
        }
        if (lines == null || lines.isEmpty() || lines.size() > MAX_LINES) {
            throw new InvalidOrder("an order needs 1.." + MAX_LINES + " lines");
        }
        lines = List.copyOf(lines);
        Set<String> skus = new HashSet<>();
        for (OrderLine line : lines) {
            if (!skus.add(line.sku())) {
                throw new InvalidOrder("sku " + line.sku() + " appears on more than one line");
            }
        }
        currency = validCurrency(currency);
        total(lines);
    }

    public long total() {
        return total(lines);
    }

    private static long total(List<OrderLine> lines) {
        long sum = 0;
        for (OrderLine line : lines) {
            try {
                sum = Math.addExact(sum, line.lineTotal());
            } catch (ArithmeticException e) {
                throw new InvalidOrder("order total overflows");
            }
        }
        return sum;
    }

    static String validCurrency(String currency) {
        try {
            if (currency == null || !currency.equals(Currency.getInstance(currency).getCurrencyCode())) {
                throw new IllegalArgumentException();
            }
            return currency;
        } catch (IllegalArgumentException e) {
            throw new InvalidOrder("currency must be an ISO 4217 code, was " + currency);
        }
    }
}
