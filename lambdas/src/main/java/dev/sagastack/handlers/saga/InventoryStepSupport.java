package dev.sagastack.handlers.saga;

import dev.sagastack.inventory.InventoryDatabase;
import dev.sagastack.inventory.InventoryUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SnapStart handling of the container's database connection, shared by the inventory steps. */
final class InventoryStepSupport {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryStepSupport.class);

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

    /** Every restored copy opens its own connection (with a fresh IAM token) before its first request. */
    static void reconnect(InventoryDatabase database) {
        database.discardConnection();
        try {
            database.validate();
        } catch (InventoryUnavailableException e) {
            LOG.warn("inventory database not reachable after restore; the first request retries: {}", e.getMessage());
        }
    }
}
