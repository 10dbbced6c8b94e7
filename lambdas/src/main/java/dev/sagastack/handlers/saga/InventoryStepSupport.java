package dev.sagastack.handlers.saga;

import dev.sagastack.inventory.InventoryDatabase;

/** SnapStart handling of the container's database connection, shared by the inventory steps. */
final class InventoryStepSupport {

    private InventoryStepSupport() {
    }

    /** Runs a query (loads and JIT-warms the driver), then drops the socket: a snapshot must not hold one. */
    static void prime(InventoryDatabase database) {
        try {
            database.validate();
        } finally {
            database.discardConnection();
        }
    }
}
