package dev.sagastack.saga.handler;

import dev.sagastack.config.EnvironmentVariables;
import dev.sagastack.observability.SagaMetrics;
import dev.sagastack.order.Order;
import dev.sagastack.order.OrderFailure;
import dev.sagastack.saga.FailureDescriptions;
import dev.sagastack.saga.OrderOutcomes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Map;

/**
 * After the compensations: PENDING → CANCELLED, recording the cause on the order.
 *
 * <p>In: {@code {"orderId","failure":{"step","error","kind","cause"},"executionArn"}}.
 * Out: {@code {"orderId","status":"CANCELLED","error","cause"}}.
 */
public final class MarkOrderCancelledHandler
        extends SagaStepHandler<MarkOrderCancelledHandler.Input, MarkOrderCancelledHandler.Output> {

    public record Input(String orderId, FailureInfo failure, String executionArn) implements SagaStepHandler.StepInput {
        public Input {
            Fields.id(orderId, "orderId");
            if (failure == null) {
                throw new dev.sagastack.saga.InvalidStepInput("failure is required");
            }
        }
    }

    public record Output(String orderId, String status, String error, String cause) {
    }

    private final OrderOutcomes outcomes;

    public MarkOrderCancelledHandler() {
        this(System.getenv());
    }

    public MarkOrderCancelledHandler(Map<String, String> environment) {
        this(new OrderOutcomes(Wiring.ordersForTransitions(environment, Wiring.dynamoDb(environment))));
    }

    public MarkOrderCancelledHandler(DynamoDbClient client, String singleTable) {
        this(new OrderOutcomes(Wiring.ordersForTransitions(
                Map.of(EnvironmentVariables.SINGLE_TABLE_NAME, singleTable), client)));
    }

    public MarkOrderCancelledHandler(OrderOutcomes outcomes) {
        super("MarkOrderCancelled", Input.class);
        this.outcomes = outcomes;
    }

    @Override
    protected Output execute(Input input, Counters counters) {
        FailureInfo failure = input.failure();
        String cause = failure.step() + " failed: " + FailureDescriptions.message(failure.cause());
        OrderOutcomes.Outcome outcome = outcomes.cancel(input.orderId(), new OrderFailure(failure.error(), cause));
        if (outcome.changed()) {
            counters.add(SagaMetrics.ORDERS_CANCELLED);
        }
        Order order = outcome.order();
        OrderFailure recorded = order.failure().orElse(new OrderFailure(failure.error(), cause));
        return new Output(order.orderId(), order.status().name(), recorded.error(), recorded.cause());
    }

    @Override
    protected String samplePayload() {
        return "{\"orderId\":\"PRIMING\",\"failure\":{\"step\":\"ReserveInventory\",\"error\":\"InsufficientStock\","
                + "\"kind\":\"business\",\"cause\":\"{\\\"errorMessage\\\":\\\"x\\\"}\"},\"executionArn\":\"\"}";
    }

    @Override
    protected void primeDependencies() {
        outcomes.find("PRIMING");
    }
}
