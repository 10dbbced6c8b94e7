package dev.sagastack.handlers.saga;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.account.AccountService;
import dev.sagastack.account.AccountSettings;
import dev.sagastack.account.Money;
import dev.sagastack.dynamo.DataTables;
import dev.sagastack.dynamo.LocalDynamoDb;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.saga.InvalidStepInput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The payment steps through their Lambda entry point. RefundPayment gets the order total as
 * {@code amount} from the state machine (statemachines/order-saga.asl.json): it is a hint that saves
 * a read, never what decides how much goes back.
 */
class PaymentStepHandlersTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    private AccountService accounts;
    private ProcessPaymentHandler pay;
    private RefundPaymentHandler refund;

    @BeforeEach
    void setUp() {
        DataTables tables = DYNAMO.createTables();
        EventStore store = EventStore.create(DYNAMO.client(), tables.eventStore(), Clock.systemUTC());
        accounts = AccountService.create(store, AccountSettings.defaults(), Clock.systemUTC());
        accounts.open("acc", "u-1", "EUR", "open");
        accounts.deposit("acc", Money.of(1_000, "EUR"), "fund");
        // each function has its own container, so its own remembered accounts
        pay = new ProcessPaymentHandler(DYNAMO.context(tables));
        refund = new RefundPaymentHandler(DYNAMO.context(tables));
    }

    private JsonNode charge(String orderId, long amount) {
        return Invocations.invoke(pay, "ProcessPayment", "{\"orderId\":\"" + orderId + "\",\"accountId\":\"acc\","
                + "\"amount\":" + amount + ",\"currency\":\"EUR\",\"executionArn\":\"\"}");
    }

    private JsonNode refund(String orderId, String amount) {
        return Invocations.invoke(refund, "RefundPayment", "{\"orderId\":\"" + orderId + "\",\"accountId\":\"acc\","
                + (amount == null ? "" : "\"amount\":" + amount + ",") + "\"currency\":\"EUR\",\"executionArn\":\"\"}");
    }

    private long balance() {
        return accounts.load("acc").orElseThrow().balance();
    }

    @Test
    void refundWithTheOrderTotalGivesBackTheChargeOnceInALoadAndOneWrite() {
        charge("o-1", 300);
        DYNAMO.roundTrips().reset();

        JsonNode first = refund("o-1", "300");

        assertThat(DYNAMO.roundTrips().total()).isEqualTo(2);
        assertThat(first.get("refunded").asLong()).isEqualTo(300);
        assertThat(first.get("outcome").asText()).isEqualTo("REFUNDED");
        JsonNode again = refund("o-1", "300");
        assertThat(again.get("outcome").asText()).isEqualTo("ALREADY_REFUNDED");
        assertThat(again.get("refunded").asLong()).isEqualTo(300);
        assertThat(balance()).isEqualTo(1_000);
    }

    @Test
    void refundGivesBackWhatWasChargedWhateverAmountItIsGiven() {
        charge("o-2", 300);

        assertThat(refund("o-2", "999").get("refunded").asLong()).isEqualTo(300);
        assertThat(balance()).isEqualTo(1_000);
        assertThat(refund("o-3", "300").get("outcome").asText()).isEqualTo("NOTHING_CHARGED");
        assertThat(refund("o-4", null).get("outcome").asText()).isEqualTo("NOTHING_CHARGED");
        assertThat(balance()).isEqualTo(1_000);
    }

    @Test
    void anAmountThatIsNotAPositiveNumberIsInvalidInputAndMovesNoMoney() {
        charge("o-5", 300);

        for (String amount : new String[] {"0", "-300", "\"300\"", "3.5"}) {
            assertThatThrownBy(() -> refund("o-5", amount)).as(amount)
                    .isInstanceOf(InvalidStepInput.class).hasMessageContaining("amount");
        }
        assertThatThrownBy(() -> Invocations.invoke(pay, "ProcessPayment", "{\"orderId\":\"o-6\",\"accountId\":\"acc\","
                + "\"amount\":\"300\",\"currency\":\"EUR\"}")).isInstanceOf(InvalidStepInput.class)
                .hasMessageContaining("amount");
        assertThat(balance()).isEqualTo(700);
    }
}
