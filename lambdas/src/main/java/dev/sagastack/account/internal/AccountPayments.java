package dev.sagastack.account.internal;

import dev.sagastack.account.AccountClosed;
import dev.sagastack.account.AccountNotFound;
import dev.sagastack.account.AccountService;
import dev.sagastack.account.DuplicateCommand;
import dev.sagastack.account.InvalidAmount;
import dev.sagastack.account.Money;
import dev.sagastack.account.PaymentReceipt;
import dev.sagastack.account.Payments;
import dev.sagastack.account.Receipt;
import dev.sagastack.account.RefundReceipt;
import dev.sagastack.account.WithdrawalNotRecorded;
import dev.sagastack.eventstore.AppendRequest;
import dev.sagastack.eventstore.CommandConflict;
import dev.sagastack.eventstore.CommandRecord;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.eventstore.StreamId;

import java.util.Optional;

/**
 * Payments are account withdrawals keyed by order. A refund that finds no payment claims the
 * payment's command id with a "void" marker in the account's stream, so a payment arriving later
 * (a timed-out step that still ran) is recognised as a duplicate and withdraws nothing.
 */
public final class AccountPayments implements Payments {

    static final String VOID_FINGERPRINT = "void-payment";
    static final String VOIDED = "VOIDED";

    private final AccountService accounts;
    private final EventStore store;

    public AccountPayments(AccountService accounts, EventStore store) {
        this.accounts = accounts;
        this.store = store;
    }

    @Override
    public PaymentReceipt charge(String accountId, String orderId, Money amount) {
        String commandId = Payments.paymentCommandId(orderId);
        try {
            Receipt receipt = accounts.withdraw(accountId, amount, commandId);
            return new PaymentReceipt(accountId, orderId, receipt.amount(), receipt.currency(), receipt.version(),
                    receipt.replayed(), false);
        } catch (DuplicateCommand e) {
            Optional<CommandRecord> record = store.findCommand(stream(accountId), commandId);
            if (record.isPresent() && isVoid(record.get())) {
                return new PaymentReceipt(accountId, orderId, 0, amount.currency(), 0, true, true);
            }
            throw e;
        }
    }

    @Override
    public RefundReceipt refund(String accountId, String orderId, Money expectedCharge) {
        try {
            Receipt refund = accounts.reverseWithdrawal(accountId, Payments.paymentCommandId(orderId), expectedCharge,
                    Payments.refundCommandId(orderId));
            return new RefundReceipt(accountId, orderId, refund.amount(), refund.currency(), refund.replayed());
        } catch (WithdrawalNotRecorded | AccountNotFound | AccountClosed | InvalidAmount | DuplicateCommand e) {
            // not charged as expected (nothing, voided, another amount), or a rule to report as the general
            // refund reports it: that path reads the payment's record first and decides from what it finds
            return refund(accountId, orderId);
        }
    }

    @Override
    public RefundReceipt refund(String accountId, String orderId) {
        StreamId stream = stream(accountId);
        String paymentId = Payments.paymentCommandId(orderId);
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<CommandRecord> payment = store.findCommand(stream, paymentId);
            if (payment.isEmpty()) {
                try {
                    boolean alreadyVoided = store.append(AppendRequest.claim(stream, paymentId, VOID_FINGERPRINT,
                            Optional.of(VOIDED))).duplicate();
                    return new RefundReceipt(accountId, orderId, 0, "", alreadyVoided);
                } catch (CommandConflict e) {
                    // the payment landed between our read and our claim: refund it
                    continue;
                }
            }
            if (isVoid(payment.get())) {
                return new RefundReceipt(accountId, orderId, 0, "", true);
            }
            Receipt charged = EventSourcedAccountService.replayed(payment.get().result().orElseThrow());
            Receipt refund = accounts.deposit(accountId, Money.of(charged.amount(), charged.currency()),
                    Payments.refundCommandId(orderId));
            return new RefundReceipt(accountId, orderId, refund.amount(), refund.currency(), refund.replayed());
        }
        throw new IllegalStateException("payment marker of order " + orderId + " kept changing");
    }

    private static boolean isVoid(CommandRecord record) {
        return VOID_FINGERPRINT.equals(record.fingerprint());
    }

    private static StreamId stream(String accountId) {
        return EventSourcedAccountService.stream(accountId);
    }
}
