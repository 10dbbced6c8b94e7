package dev.sagastack.saga;

/** The order cannot be shipped (no such recipient, or its shipment was already cancelled). Business error: never retried. */
public final class ShipmentRejected extends StepError {

    private static final long serialVersionUID = 1L;

    ShipmentRejected(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean business() {
        return true;
    }
}
