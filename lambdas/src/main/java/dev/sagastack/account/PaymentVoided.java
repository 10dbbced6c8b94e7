package dev.sagastack.account;

/**
 * The order's payment was voided by a refund that ran first (the compensation overtook a late charge):
 * nothing was charged, and charging now would contradict the refund.
 */
public final class PaymentVoided extends AccountException {

    private static final long serialVersionUID = 1L;

    public PaymentVoided(String orderId) {
        super(Kind.CONFLICT, "payment of order " + orderId + " was voided by a refund that ran first; nothing was charged");
    }
}
