package dev.sagastack.inventory;

import dev.sagastack.inventory.internal.PostgresInventoryService;

import java.util.List;
import java.util.Optional;

/**
 * Stock and per-order reservations in PostgreSQL. Every operation is one transaction and is
 * idempotent by order id, so the saga may retry any of them.
 */
public interface InventoryService {

    static InventoryService create(InventoryDatabase database) {
        return new PostgresInventoryService(database);
    }

    /**
     * Holds every line for the order, or none.
     *
     * @throws InsufficientStockException   a line is not stocked or short; nothing was reserved
     * @throws ReservationReleasedException the order was already released
     * @throws ReservationMismatchException the order already holds different lines
     * @throws InventoryUnavailableException transient database failure; nothing was committed
     */
    Reservation reserve(String orderId, List<ReservationLine> lines);

    /** Returns exactly what the order holds to stock, once; a no-op (that blocks later reservations) when it holds nothing. */
    Release release(String orderId);

    /** Sets the units of {@code sku} that can be reserved, creating the SKU if needed; reserved units are untouched. */
    StockLevel setAvailable(String sku, long available);

    Optional<StockLevel> stockLevel(String sku);

    /** The lines the order currently holds (status RESERVED); empty when none. */
    List<ReservationLine> heldBy(String orderId);
}
