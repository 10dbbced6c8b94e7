package dev.sagastack.inventory;

/**
 * The database could not be reached or refused the transaction for a transient reason
 * (connection lost, serialization failure, deadlock). Nothing was committed; retrying is safe.
 */
public final class InventoryUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InventoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
