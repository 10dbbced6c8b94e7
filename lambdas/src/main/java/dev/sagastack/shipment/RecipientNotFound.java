package dev.sagastack.shipment;

/** The shipment's recipient (a user) does not exist, so nothing was written. */
public final class RecipientNotFound extends RuntimeException {
    public RecipientNotFound(String orderId, String userId) {
        super("order " + orderId + " cannot ship: recipient " + userId + " does not exist");
    }
}
