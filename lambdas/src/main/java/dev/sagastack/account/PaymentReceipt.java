package dev.sagastack.account;

/**
 * The outcome of charging an order to an account.
 *
 * @param charged what was withdrawn (0 when the payment had been voided by a refund that ran first)
 */
public record PaymentReceipt(String accountId, String orderId, long charged, String currency, long version,
                             boolean replayed, boolean voided) {
}
