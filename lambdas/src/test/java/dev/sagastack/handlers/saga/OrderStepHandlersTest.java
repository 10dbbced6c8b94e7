package dev.sagastack.handlers.saga;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.config.AppContext;
import dev.sagastack.dynamo.LocalDynamoDb;
import dev.sagastack.order.NewOrder;
import dev.sagastack.order.Order;
import dev.sagastack.order.OrderLine;
import dev.sagastack.order.OrderRepository;
import dev.sagastack.order.OrderStatus;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.saga.StepConflict;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order steps with the payloads statemachines/order-saga.asl.json sends (userId included). */
class OrderStepHandlersTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:OrderSaga:o-1";
    private static final String FAILURE = "\"failure\":{\"step\":\"ProcessPayment\",\"error\":\"InsufficientFunds\","
            + "\"kind\":\"business\",\"cause\":\"no money\"}";

    private AppContext app;
    private OrderRepository orders;

    @BeforeEach
    void setUp() {
        app = DYNAMO.context(DYNAMO.createTables());
        orders = OrderRepository.create(DYNAMO.client(), app.config().requireSingleTable(), new PageCursors(() -> new byte[32]), Clock.systemUTC());
        orders.create(new NewOrder("o-1", "u-1", List.of(new OrderLine("SKU-1", 2, 500)), "EUR"));
    }

    private static String payload(String orderId, String userId, String rest) {
        return "{\"orderId\":\"" + orderId + "\",\"userId\":\"" + userId + "\"" + rest
                + ",\"executionArn\":\"" + EXECUTION + "\"}";
    }

    @Test
    void confirmIsOneConditionalWriteAndARedeliveryChangesNothing() {
        ConfirmOrderHandler confirm = new ConfirmOrderHandler(app);
        DYNAMO.roundTrips().reset();

        JsonNode first = Invocations.invoke(confirm, "ConfirmOrder", payload("o-1", "u-1", ""));
        Map<String, Long> firstCalls = DYNAMO.roundTrips().snapshot();
        Order afterFirst = orders.get("o-1").orElseThrow();
        DYNAMO.roundTrips().reset();
        JsonNode again = Invocations.invoke(confirm, "ConfirmOrder", payload("o-1", "u-1", ""));
        Map<String, Long> againCalls = DYNAMO.roundTrips().snapshot();

        assertThat(first.toString()).isEqualTo("{\"orderId\":\"o-1\",\"status\":\"CONFIRMED\",\"total\":1000,\"currency\":\"EUR\"}");
        assertThat(again).isEqualTo(first);
        assertThat(orders.get("o-1")).contains(afterFirst);
        assertThat(firstCalls).isEqualTo(Map.of("UpdateItem", 1L));
        assertThat(againCalls).isEqualTo(Map.of("UpdateItem", 1L));
    }

    @Test
    void cancelKeepsAConfirmedOrderOnlyWhenAskedTo() {
        Invocations.invoke(new ConfirmOrderHandler(app), "ConfirmOrder", payload("o-1", "u-1", ""));
        MarkOrderCancelledHandler cancel = new MarkOrderCancelledHandler(app);

        JsonNode kept = Invocations.invoke(cancel, "MarkOrderCancelled", payload("o-1", "u-1",
                "," + FAILURE + ",\"keepConfirmed\":true"));

        assertThat(kept.get("status").asText()).isEqualTo("CONFIRMED");
        assertThatThrownBy(() -> Invocations.invoke(cancel, "MarkOrderCancelled", payload("o-1", "u-1", "," + FAILURE)))
                .isInstanceOf(StepConflict.class).hasMessageContaining("CONFIRMED");
        assertThat(orders.get("o-1").map(Order::status)).contains(OrderStatus.CONFIRMED);
    }

    @Test
    void needsAttentionWithAWrongOrMissingUserStillFindsTheOrderAndAnUnknownOrderIsAConflict() {
        MarkNeedsAttentionHandler attention = new MarkNeedsAttentionHandler(app);
        String compensation = "," + FAILURE + ",\"compensationFailure\":{\"step\":\"RefundPayment\","
                + "\"error\":\"States.Timeout\",\"cause\":\"\"}";

        JsonNode marked = Invocations.invoke(attention, "MarkNeedsAttention", payload("o-1", "u-2", compensation));

        assertThat(marked.get("status").asText()).isEqualTo("NEEDS_ATTENTION");
        assertThat(orders.get("o-1").map(Order::status)).contains(OrderStatus.NEEDS_ATTENTION);
        assertThatThrownBy(() -> Invocations.invoke(attention, "MarkNeedsAttention",
                "{\"orderId\":\"o-404\"" + compensation + "}"))
                .isInstanceOf(StepConflict.class).hasMessageContaining("order not found: o-404");
    }

    @Test
    void aRedrivenSagaSettlesAnOrderNeedingAttentionAsCancelledOnceAndNeverAsConfirmed() {
        Invocations.invoke(new MarkNeedsAttentionHandler(app), "MarkNeedsAttention", payload("o-1", "u-1",
                "," + FAILURE + ",\"compensationFailure\":{\"step\":\"CancelShipment\",\"error\":\"States.Timeout\",\"cause\":\"\"}"));
        MarkOrderCancelledHandler cancel = new MarkOrderCancelledHandler(app);

        assertThatThrownBy(() -> Invocations.invoke(new ConfirmOrderHandler(app), "ConfirmOrder", payload("o-1", "u-1", "")))
                .isInstanceOf(StepConflict.class).hasMessageContaining("NEEDS_ATTENTION");
        JsonNode cancelled = Invocations.invoke(cancel, "MarkOrderCancelled", payload("o-1", "u-1", "," + FAILURE));
        Order afterFirst = orders.get("o-1").orElseThrow();
        JsonNode again = Invocations.invoke(cancel, "MarkOrderCancelled", payload("o-1", "u-1", "," + FAILURE));

        assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(afterFirst.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(afterFirst.failure().orElseThrow().error()).as("the original cause, not CompensationFailed")
                .isEqualTo("InsufficientFunds");
        assertThat(again).isEqualTo(cancelled);
        assertThat(orders.get("o-1")).contains(afterFirst);
        assertThatThrownBy(() -> Invocations.invoke(new MarkNeedsAttentionHandler(app), "MarkNeedsAttention",
                payload("o-1", "u-1", "," + FAILURE + ",\"compensationFailure\":{\"step\":\"CancelShipment\","
                        + "\"error\":\"States.Timeout\",\"cause\":\"\"}")))
                .isInstanceOf(StepConflict.class);
    }

    @Test
    void snapStartPrimingRunsTheTransitionCallsAndWritesNothing() {
        ConfirmOrderHandler confirm = new ConfirmOrderHandler(app);
        DYNAMO.roundTrips().reset();

        confirm.beforeCheckpoint(null);

        assertThat(DYNAMO.roundTrips().count("UpdateItem")).isEqualTo(1);
        assertThat(DYNAMO.client().scan(b -> b.tableName(app.config().requireSingleTable())).count()).isEqualTo(2); // o-1 and its guard
        assertThat(orders.get("o-1").map(Order::status)).contains(OrderStatus.PENDING);
    }
}
