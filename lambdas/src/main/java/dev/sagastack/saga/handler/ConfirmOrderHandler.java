package dev.sagastack.saga.handler;

import dev.sagastack.observability.SagaMetrics;
import dev.sagastack.order.Order;
import dev.sagastack.saga.OrderOutcomes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Map;
import java.util.Optional;

/**
 * Saga step 4: PENDING → CONFIRMED, conditional on the current status.
 *
 * <p>In: {@code {"orderId","userId","executionArn"}} (userId optional). Out: {@code {"orderId","status":"CONFIRMED","total","currency"}}.
 * Errors: {@code StepConflict} (no such order, or it already has another final status), {@code TransientError}.
 */
public final class ConfirmOrderHandler extends SagaStepHandler<ConfirmOrderHandler.Input, ConfirmOrderHandler.Output> {

    /** @param userId the order's owner as the state machine passes it; optional, it saves a read */
    public record Input(String orderId, String userId, String executionArn) implements SagaStepHandler.StepInput {
        public Input {
            Fields.id(orderId, "orderId");
            Fields.optionalId(userId, "userId");
        }
    }

    public record Output(String orderId, String status, long total, String currency) {
    }

    private final OrderOutcomes outcomes;

    public ConfirmOrderHandler() {
        this(System.getenv());
    }

    public ConfirmOrderHandler(Map<String, String> environment) {
        this(new OrderOutcomes(Wiring.ordersForTransitions(environment, Wiring.dynamoDb(environment))));
    }

    public ConfirmOrderHandler(OrderOutcomes outcomes) {
        super("ConfirmOrder", Input.class);
        this.outcomes = outcomes;
    }

    /** For tests and the twin: the steps' order repository over an existing client. */
    public ConfirmOrderHandler(DynamoDbClient client, String singleTable) {
        this(new OrderOutcomes(Wiring.ordersForTransitions(Map.of(
                dev.sagastack.config.EnvironmentVariables.SINGLE_TABLE_NAME, singleTable), client)));
    }

    @Override
    protected Output execute(Input input, Counters counters) {
        OrderOutcomes.Outcome outcome = outcomes.confirm(input.orderId(), Optional.ofNullable(input.userId()));
        if (outcome.changed()) {
            counters.add(SagaMetrics.ORDERS_CONFIRMED);
        }
        Order order = outcome.order();
        return new Output(order.orderId(), order.status().name(), order.total(), order.currency());
    }

    @Override
    protected String samplePayload() {
        return "{\"orderId\":\"PRIMING\",\"executionArn\":\"\"}";
    }

    @Override
    protected void primeDependencies() {
        outcomes.prime();
    }
}
