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
}
