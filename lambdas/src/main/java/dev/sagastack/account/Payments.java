package dev.sagastack.account;

import dev.sagastack.account.internal.AccountPayments;
import dev.sagastack.eventstore.EventStore;

/**
 * The saga's payment steps on top of {@link AccountService}. Both are keyed by the order id, so
 * retries and out-of-order delivery are safe:
 * <ul>
 *   <li>{@link #charge} withdraws with command id {@code payment-<orderId>}; a retry returns the first receipt.</li>
 *   <li>{@link #refund} deposits back exactly what that payment withdrew, once (command id
 *   {@code refund-<orderId>}). When the payment never ran, it voids the payment's command id so a
 *   late charge withdraws nothing, and refunds 0.</li>
 * </ul>
 */
public interface Payments {

    static Payments create(AccountService accounts, EventStore store) {
        return new AccountPayments(accounts, store);
    }

    static String paymentCommandId(String orderId) {
        return "payment-" + orderId;
    }

    static String refundCommandId(String orderId) {
        return "refund-" + orderId;
    }

    /** @throws InsufficientFunds, AccountClosed, AccountNotFound, InvalidAmount */
    PaymentReceipt charge(String accountId, String orderId, Money amount);

    /**
     * Idempotent, and a no-op (refunded 0) when nothing was charged.
     *
     * @throws AccountClosed when the account was closed after the charge: the money cannot be
     *                       returned automatically and an operator must settle it
     */
    RefundReceipt refund(String accountId, String orderId);

    /**
     * The same refund, given what the payment was asked to charge: when the payment's record says exactly
     * that, the deposit checks it inside its append instead of reading it first (one round trip less).
     * Otherwise (nothing charged, voided, another amount) it is {@link #refund(String, String)}.
     */
    RefundReceipt refund(String accountId, String orderId, Money expectedCharge);
}
