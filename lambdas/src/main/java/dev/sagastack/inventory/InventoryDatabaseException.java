package dev.sagastack.inventory;

/** The database rejected a statement for a reason a retry will not fix (a bug or a schema mismatch). */
public final class InventoryDatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InventoryDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
