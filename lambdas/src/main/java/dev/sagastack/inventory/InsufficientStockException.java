package dev.sagastack.inventory;

import dev.sagastack.errors.Refusal;

import java.util.List;
import java.util.stream.Collectors;

/** Some line of the order cannot be held; nothing was reserved. */
public final class InsufficientStockException extends Refusal {

    private static final long serialVersionUID = 1L;

    /** A line that could not be held; {@code available} is 0 for an unknown SKU. */
    public record Shortage(String sku, long requested, long available, boolean unknownSku) {
    }

    private final transient List<Shortage> shortages;

    public InsufficientStockException(String orderId, List<Shortage> shortages) {
        super(Kind.BUSINESS_RULE, "Not enough stock for order " + orderId + ": " + shortages.stream()
                .map(s -> s.unknownSku()
                        ? s.sku() + " is not stocked"
                        : s.sku() + " requested " + s.requested() + ", available " + s.available())
                .collect(Collectors.joining("; ")));
        this.shortages = List.copyOf(shortages);
    }

    public List<Shortage> shortages() {
        return shortages;
    }

    @Override
    public String code() {
        return "InsufficientStock";
    }
}
