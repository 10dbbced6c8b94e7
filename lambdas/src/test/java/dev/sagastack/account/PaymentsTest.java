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

    private EventStore store;
    private AccountService accounts;
    private Payments payments;

    @BeforeEach
    void setUp() {
        store = EventStore.create(DYNAMO.client(), DYNAMO.createTables().eventStore(), Clock.systemUTC());
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

    /** Payments as another function's container makes them: nothing remembered from this test's service. */
    private Payments elsewhere() {
        return Payments.create(AccountService.create(store, AccountSettings.defaults(), Clock.systemUTC()), store);
    }

    @Test
    void refundGivenTheExpectedChargeChecksThePaymentInsideItsAppend() {
        payments.charge("acc", "order-6", Money.of(250, "EUR"));
        Payments refunds = elsewhere();
        DYNAMO.roundTrips().reset();

        RefundReceipt refund = refunds.refund("acc", "order-6", Money.of(250, "EUR"));

        // a load (Query) and the append with the payment's record as its condition: no read of the record
        assertThat(DYNAMO.roundTrips().snapshot()).containsOnlyKeys("Query", "TransactWriteItems");
        assertThat(DYNAMO.roundTrips().total()).isEqualTo(2);
        assertThat(refund.refunded()).isEqualTo(250);
        assertThat(refund.replayed()).isFalse();
        assertThat(balance()).isEqualTo(1_000);

        RefundReceipt again = refunds.refund("acc", "order-6", Money.of(250, "EUR"));
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

    @Test
    void aCommandAfterThisServicesOwnAppendIsOneWrite() {
        payments.charge("acc", "order-11", Money.of(100, "EUR"));
        DYNAMO.roundTrips().reset();

        payments.charge("acc", "order-12", Money.of(100, "EUR"));

        assertThat(DYNAMO.roundTrips().snapshot()).containsExactlyEntriesOf(java.util.Map.of("TransactWriteItems", 1L));
        assertThat(balance()).isEqualTo(800);
        assertThat(accounts.replay("acc").orElseThrow().balance()).isEqualTo(800);
    }

    @Test
    void aWriteElsewhereMakesTheRememberedStateARefusedGuessThatCostsNoLoad() {
        payments.charge("acc", "order-13", Money.of(100, "EUR"));
        AccountService other = AccountService.create(store, AccountSettings.defaults(), Clock.systemUTC());
        other.deposit("acc", Money.of(50, "EUR"), "elsewhere-1");
        DYNAMO.roundTrips().reset();

        PaymentReceipt receipt = payments.charge("acc", "order-14", Money.of(100, "EUR"));

        // refused (the head came back with the refusal, carrying the current state), then accepted
        assertThat(DYNAMO.roundTrips().snapshot()).containsExactlyEntriesOf(java.util.Map.of("TransactWriteItems", 2L));
        assertThat(receipt.charged()).isEqualTo(100);
        assertThat(balance()).isEqualTo(850);
        assertThat(accounts.replay("acc").orElseThrow().balance()).isEqualTo(850);
    }

    @Test
    void aRuleThatFailsAgainstRememberedStateIsCheckedAgainstStoredState() {
        payments.charge("acc", "order-15", Money.of(900, "EUR"));
        AccountService other = AccountService.create(store, AccountSettings.defaults(), Clock.systemUTC());
        other.deposit("acc", Money.of(5_000, "EUR"), "elsewhere-2");

        // remembered: 100 left; stored: 5,100
        PaymentReceipt receipt = payments.charge("acc", "order-16", Money.of(2_000, "EUR"));

        assertThat(receipt.charged()).isEqualTo(2_000);
        assertThat(balance()).isEqualTo(3_100);
        assertThatThrownBy(() -> payments.charge("acc", "order-17", Money.of(4_000, "EUR")))
                .isInstanceOf(InsufficientFunds.class);
        assertThat(accounts.replay("acc").orElseThrow().balance()).isEqualTo(3_100);
    }

    @Test
    void withNothingRememberedEveryCommandLoadsFirst() {
        AccountService forgetful = AccountService.create(store, new AccountSettings(1, 8, 0), Clock.systemUTC());
        forgetful.deposit("acc", Money.of(1, "EUR"), "d-1");
        DYNAMO.roundTrips().reset();

        forgetful.deposit("acc", Money.of(1, "EUR"), "d-2");

        assertThat(DYNAMO.roundTrips().snapshot()).containsOnlyKeys("Query", "TransactWriteItems");
        assertThat(balance()).isEqualTo(1_002);
    }
}
