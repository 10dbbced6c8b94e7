package dev.sagastack.handlers.saga;

import dev.sagastack.config.AppContext;
import dev.sagastack.observability.SagaMetrics;
import dev.sagastack.order.Order;
import dev.sagastack.order.RememberedOrderOwners;
import dev.sagastack.saga.OrderOutcomes;


/**
 * Saga step 4: PENDING → CONFIRMED, conditional on the current status.
 *
 * <p>In: {@code {"orderId","userId","executionArn"}} (userId optional). Out: {@code {"orderId","status":"CONFIRMED","total","currency"}}.
 * Errors: {@code StepConflict} (no such order, or it already has another final status), {@code TransientError}.
 */
public final class ConfirmOrderHandler extends SagaStepHandler<ConfirmOrderHandler.Input, ConfirmOrderHandler.Output> {

    /** @param userId the order's owner as the state machine passes it; optional; the order repository checks it with the write it saves */
    public record Input(String orderId, String userId, String executionArn) implements SagaStepHandler.StepInput {
        public Input {
            Fields.id(orderId, "orderId");
            Fields.optionalId(userId, "userId");
        }
    }

    public record Output(String orderId, String status, long total, String currency) {
    }

    private final RememberedOrderOwners orders;
    private final OrderOutcomes outcomes;

    public ConfirmOrderHandler() {
        this(AppContext.fromEnvironment(System.getenv()));
    }

    public ConfirmOrderHandler(AppContext app) {
        super("ConfirmOrder", Input.class, app);
        this.orders = Wiring.ordersForTransitions(app);
        this.outcomes = new OrderOutcomes(orders);
    }

    @Override
    protected Output execute(Input input, Counters counters) {
        orders.expectOwner(input.orderId(), input.userId());
        OrderOutcomes.Outcome outcome = outcomes.confirm(input.orderId());
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
        orders.expectOwner(OrderOutcomes.PRIMING_ORDER_ID, OrderOutcomes.PRIMING_ORDER_ID);
        outcomes.prime();
    }
}
