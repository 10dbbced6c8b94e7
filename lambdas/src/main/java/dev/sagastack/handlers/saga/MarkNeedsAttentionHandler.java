package dev.sagastack.handlers.saga;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.config.AppContext;
import dev.sagastack.observability.SagaMetrics;
import dev.sagastack.order.Order;
import dev.sagastack.order.OrderFailure;
import dev.sagastack.saga.FailureDescriptions;
import dev.sagastack.order.RememberedOrderOwners;
import dev.sagastack.saga.OrderOutcomes;

import java.util.ArrayList;
import java.util.List;

/**
 * A compensation kept failing: PENDING → NEEDS_ATTENTION with error {@value #ERROR} and a cause
 * that tells the operator what failed, while undoing what, and what was already undone. The API
 * lists such orders ({@code GET /orders?status=NEEDS_ATTENTION}); in AWS the saga's CompensationFailed
 * state also raises an alarm. An operator's redrive finishes the compensation and cancels the order.
 *
 * <p>In: {@code {"orderId","userId","failure":{...},"compensationFailure":{"step","error","cause"},"undone":[{"step","result"}],"executionArn"}}.
 * Out: {@code {"orderId","status":"NEEDS_ATTENTION","error","cause"}}.
 */
public final class MarkNeedsAttentionHandler
        extends SagaStepHandler<MarkNeedsAttentionHandler.Input, MarkNeedsAttentionHandler.Output> {

    public static final String ERROR = "CompensationFailed";

    public record Undone(String step, JsonNode result) {
    }

    /** @param userId the order's owner as the state machine passes it; optional; the order repository checks it with the write it saves */
    public record Input(String orderId, String userId, FailureInfo failure, FailureInfo compensationFailure,
                        List<Undone> undone, String executionArn) implements SagaStepHandler.StepInput {
        public Input {
            Fields.id(orderId, "orderId");
            Fields.optionalId(userId, "userId");
            if (compensationFailure == null) {
                throw new InvalidPayload("compensationFailure is required");
            }
            undone = undone == null ? List.of() : List.copyOf(undone);
        }
    }

    public record Output(String orderId, String status, String error, String cause) {
    }

    private final RememberedOrderOwners orders;
    private final OrderOutcomes outcomes;

    public MarkNeedsAttentionHandler() {
        this(AppContext.fromEnvironment(System.getenv()));
    }

    public MarkNeedsAttentionHandler(AppContext app) {
        super("MarkNeedsAttention", Input.class, app);
        this.orders = Wiring.ordersForTransitions(app);
        this.outcomes = new OrderOutcomes(orders);
    }

    @Override
    protected Output execute(Input input, Counters counters) {
        String cause = describe(input);
        orders.expectOwner(input.orderId(), input.userId());
        OrderOutcomes.Outcome outcome = outcomes.needsAttention(input.orderId(),
                new OrderFailure(ERROR, cause));
        if (outcome.changed()) {
            counters.add(SagaMetrics.ORDERS_NEEDING_ATTENTION);
        }
        Order order = outcome.order();
        OrderFailure recorded = order.failure().orElse(new OrderFailure(ERROR, cause));
        return new Output(order.orderId(), order.status().name(), recorded.error(), recorded.cause());
    }

    static String describe(Input input) {
        FailureInfo compensation = input.compensationFailure();
        StringBuilder cause = new StringBuilder()
                .append(compensation.step()).append(" kept failing with ").append(compensation.error())
                .append(": ").append(FailureDescriptions.message(compensation.cause()));
        if (input.failure() != null) {
            cause.append(". It was undoing ").append(input.failure().step()).append(", which failed with ")
                    .append(input.failure().error()).append(": ")
                    .append(FailureDescriptions.message(input.failure().cause()));
        }
        List<String> undone = new ArrayList<>();
        input.undone().forEach(u -> undone.add(u.step()));
        cause.append(". Already undone: ").append(undone.isEmpty() ? "nothing" : String.join(", ", undone)).append('.');
        return cause.toString();
    }

    @Override
    protected String samplePayload() {
        return "{\"orderId\":\"PRIMING\",\"failure\":{\"step\":\"ProcessPayment\",\"error\":\"InsufficientFunds\","
                + "\"kind\":\"business\",\"cause\":\"x\"},\"compensationFailure\":{\"step\":\"ReleaseInventory\","
                + "\"error\":\"States.Timeout\",\"cause\":\"\"},\"undone\":[{\"step\":\"RefundPayment\",\"result\":{}}],"
                + "\"executionArn\":\"\"}";
    }

    @Override
    protected void primeDependencies() {
        orders.expectOwner(OrderOutcomes.PRIMING_ORDER_ID, OrderOutcomes.PRIMING_ORDER_ID);
        outcomes.prime();
    }
}
