package dev.sagastack.shipment;

import dev.sagastack.errors.Refusal;

/** The shipment's recipient (a user) does not exist, so nothing was written. */
public final class RecipientNotFound extends Refusal {
    public RecipientNotFound(String orderId, String userId) {
        super(Kind.NOT_FOUND, "order " + orderId + " cannot ship: recipient " + userId + " does not exist");
    }
}
