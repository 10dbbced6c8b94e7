package dev.sagastack.inventory;

/** Stock of one SKU: units that can be reserved and units held by orders. */
public record StockLevel(String sku, long available, long reserved) {
}
