package dev.sagastack.account;

import dev.sagastack.dynamo.LocalDynamoDb;
import dev.sagastack.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentsTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    private AccountService accounts;
    private Payments payments;

    @BeforeEach
    void setUp() {
        EventStore store = EventStore.create(DYNAMO.client(), DYNAMO.createTables().eventStore(), Clock.systemUTC());
        accounts = AccountService.create(store, AccountSettings.defaults(), Clock.systemUTC());
        payments = Payments.create(accounts, store);
        accounts.open("acc", "owner", "EUR", "open");
        accounts.deposit("acc", Money.of(1_000, "EUR"), "fund");
    }

    private long balance() {
        return accounts.load("acc").orElseThrow().balance();
    }

    @Test
    void chargeWithdrawsOnceEvenWhenRetried() {
        PaymentReceipt first = payments.charge("acc", "order-1", Money.of(250, "EUR"));
        PaymentReceipt retry = payments.charge("acc", "order-1", Money.of(250, "EUR"));

        assertThat(first.charged()).isEqualTo(250);
        assertThat(first.replayed()).isFalse();
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.charged()).isEqualTo(250);
        assertThat(balance()).isEqualTo(750);
    }

    @Test
    void refundDepositsBackExactlyWhatWasChargedOnce() {
        payments.charge("acc", "order-1", Money.of(250, "EUR"));

        RefundReceipt refund = payments.refund("acc", "order-1");
        RefundReceipt again = payments.refund("acc", "order-1");

        assertThat(refund.refunded()).isEqualTo(250);
        assertThat(again.refunded()).isEqualTo(250);
        assertThat(again.replayed()).isTrue();
        assertThat(balance()).isEqualTo(1_000);
    }

    @Test
    void refundWithoutChargeIsANoOpAndVoidsALateCharge() {
        RefundReceipt refund = payments.refund("acc", "order-2");
        PaymentReceipt late = payments.charge("acc", "order-2", Money.of(400, "EUR"));

        assertThat(refund.refunded()).isZero();
        assertThat(late.voided()).isTrue();
        assertThat(late.charged()).isZero();
        assertThat(balance()).isEqualTo(1_000);
        assertThat(payments.refund("acc", "order-2").refunded()).isZero();
    }

    @Test
    void failedChargeLeavesNothingToRefund() {
        assertThatThrownBy(() -> payments.charge("acc", "order-3", Money.of(5_000, "EUR")))
                .isInstanceOf(InsufficientFunds.class);

        assertThat(payments.refund("acc", "order-3").refunded()).isZero();
        assertThat(balance()).isEqualTo(1_000);
    }

    @Test
    void refundOfAnUnknownAccountIsANoOp() {
        assertThat(payments.refund("no-such-account", "order-4").refunded()).isZero();

        assertThat(payments.charge("no-such-account", "order-4", Money.of(1, "EUR")).voided()).isTrue();
        assertThatThrownBy(() -> payments.charge("no-such-account", "order-5", Money.of(1, "EUR")))
                .isInstanceOf(AccountNotFound.class);
    }

    @Test
    void refundGivenTheExpectedChargeChecksThePaymentInsideItsAppend() {
        payments.charge("acc", "order-6", Money.of(250, "EUR"));
        DYNAMO.roundTrips().reset();

        RefundReceipt refund = payments.refund("acc", "order-6", Money.of(250, "EUR"));

        // a load (Query) and the append with the payment's record as its condition: no read of the record
        assertThat(DYNAMO.roundTrips().snapshot()).containsOnlyKeys("Query", "TransactWriteItems");
        assertThat(DYNAMO.roundTrips().total()).isEqualTo(2);
        assertThat(refund.refunded()).isEqualTo(250);
        assertThat(refund.replayed()).isFalse();
        assertThat(balance()).isEqualTo(1_000);

        RefundReceipt again = payments.refund("acc", "order-6", Money.of(250, "EUR"));
        RefundReceipt general = payments.refund("acc", "order-6");
        assertThat(again.replayed()).isTrue();
        assertThat(again.refunded()).isEqualTo(250);
        assertThat(general.replayed()).isTrue();
        assertThat(balance()).isEqualTo(1_000);
    }

    @Test
    void refundGivenAnotherAmountRefundsWhatWasCharged() {
        payments.charge("acc", "order-7", Money.of(250, "EUR"));

        RefundReceipt refund = payments.refund("acc", "order-7", Money.of(900, "EUR"));

        assertThat(refund.refunded()).isEqualTo(250);
        assertThat(balance()).isEqualTo(1_000);
        assertThat(payments.refund("acc", "order-7", Money.of(250, "EUR")).replayed()).isTrue();
        assertThat(balance()).isEqualTo(1_000);
    }

    @Test
    void refundGivenAnAmountWhenNothingWasChargedVoidsTheCharge() {
        long version = accounts.load("acc").orElseThrow().version();

        RefundReceipt refund = payments.refund("acc", "order-8", Money.of(300, "EUR"));
        PaymentReceipt late = payments.charge("acc", "order-8", Money.of(300, "EUR"));

        assertThat(refund.refunded()).isZero();
        assertThat(late.voided()).isTrue();
        assertThat(balance()).isEqualTo(1_000);
        assertThat(accounts.load("acc").orElseThrow().version()).isEqualTo(version);
        assertThat(payments.refund("acc", "order-8", Money.of(300, "EUR")).refunded()).isZero();
    }

    @Test
    void refundGivenAnAmountOnAClosedAccountThatWasNeverChargedIsANoOp() {
        accounts.open("empty", "owner", "EUR", "open-empty");
        accounts.close("empty", "close-empty");

        assertThat(payments.refund("empty", "order-9", Money.of(10, "EUR")).refunded()).isZero();
        assertThat(payments.refund("no-such-account", "order-9", Money.of(10, "EUR")).refunded()).isZero();
    }

    @Test
    void reversingAWithdrawalThatWasNotRecordedChangesNothing() {
        payments.charge("acc", "order-10", Money.of(250, "EUR"));
        long version = accounts.load("acc").orElseThrow().version();

        assertThatThrownBy(() -> accounts.reverseWithdrawal("acc", Payments.paymentCommandId("order-10"),
                Money.of(251, "EUR"), "reverse-1")).isInstanceOf(WithdrawalNotRecorded.class)
                .hasMessageContaining("payment-order-10");
        assertThatThrownBy(() -> accounts.reverseWithdrawal("acc", "no-such-command", Money.of(250, "EUR"),
                "reverse-2")).isInstanceOf(WithdrawalNotRecorded.class);

        assertThat(accounts.load("acc").orElseThrow().version()).isEqualTo(version);
        assertThat(balance()).isEqualTo(750);
        // the refused reversal left its command id free
        assertThat(accounts.reverseWithdrawal("acc", Payments.paymentCommandId("order-10"), Money.of(250, "EUR"),
                "reverse-1").amount()).isEqualTo(250);
        assertThat(balance()).isEqualTo(1_000);
    }
}
