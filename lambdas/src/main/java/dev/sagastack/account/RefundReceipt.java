package dev.sagastack.account;

/**
 * The outcome of refunding an order's payment.
 *
 * @param refunded what was deposited back: exactly what was charged, or 0 when nothing was
 */
public record RefundReceipt(String accountId, String orderId, long refunded, String currency, boolean replayed) {
}
