package dev.sagastack.inventory;

import dev.sagastack.errors.Refusal;

/**
 * The database could not be reached or refused the transaction for a transient reason
 * (connection lost, serialization failure, deadlock). Nothing was committed; retrying is safe.
 */
public final class InventoryUnavailableException extends Refusal {

    private static final long serialVersionUID = 1L;

    public InventoryUnavailableException(String message, Throwable cause) {
        super(Kind.TRANSIENT, message, cause);
    }

    @Override
    public String code() {
        return "ServiceUnavailable";
    }

    @Override
    public String publicMessage() {
        return "a dependency is unavailable; retry";
    }
}
