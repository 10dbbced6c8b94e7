package dev.sagastack.handlers.saga;

import dev.sagastack.config.AppContext;
import dev.sagastack.observability.SagaMetrics;
import dev.sagastack.order.Order;
import dev.sagastack.order.OrderFailure;
import dev.sagastack.order.OrderStatus;
import dev.sagastack.saga.FailureDescriptions;
import dev.sagastack.order.RememberedOrderOwners;
import dev.sagastack.saga.OrderOutcomes;


/**
 * After the compensations: PENDING → CANCELLED, recording the cause on the order; NEEDS_ATTENTION → CANCELLED
 * when an operator redrove the saga and the compensation that had kept failing has now finished.
 *
 * <p>In: {@code {"orderId","userId","failure":{"step","error","kind","cause"},"keepConfirmed","executionArn"}}.
 * Out: {@code {"orderId","status":"CANCELLED","error","cause"}}. With {@code keepConfirmed} (used when
 * ConfirmOrder's own outcome is unknown) an order that is already CONFIRMED is left so and the
 * result's status says CONFIRMED; otherwise a CONFIRMED order is a {@code StepConflict}.
 */
public final class MarkOrderCancelledHandler
        extends SagaStepHandler<MarkOrderCancelledHandler.Input, MarkOrderCancelledHandler.Output> {

    /** @param userId the order's owner as the state machine passes it; optional; the order repository checks it with the write it saves */
    public record Input(String orderId, String userId, FailureInfo failure, Boolean keepConfirmed, String executionArn)
            implements SagaStepHandler.StepInput {
        public Input {
            keepConfirmed = Boolean.TRUE.equals(keepConfirmed);
            Fields.id(orderId, "orderId");
            Fields.optionalId(userId, "userId");
            if (failure == null) {
                throw new InvalidPayload("failure is required");
            }
        }
    }

    public record Output(String orderId, String status, String error, String cause) {
    }

    private final RememberedOrderOwners orders;
    private final OrderOutcomes outcomes;

    public MarkOrderCancelledHandler() {
        this(AppContext.fromEnvironment(System.getenv()));
    }

    public MarkOrderCancelledHandler(AppContext app) {
        super("MarkOrderCancelled", Input.class, app);
        this.orders = Wiring.ordersForTransitions(app);
        this.outcomes = new OrderOutcomes(orders);
    }

    @Override
    protected Output execute(Input input, Counters counters) {
        FailureInfo failure = input.failure();
        String cause = failure.step() + " failed: " + FailureDescriptions.message(failure.cause());
        OrderFailure orderFailure = new OrderFailure(failure.error(), cause);
        orders.expectOwner(input.orderId(), input.userId());
        OrderOutcomes.Outcome outcome = input.keepConfirmed()
                ? outcomes.cancelUnlessConfirmed(input.orderId(), orderFailure)
                : outcomes.cancel(input.orderId(), orderFailure);
        if (outcome.changed()) {
            counters.add(SagaMetrics.ORDERS_CANCELLED);
        }
        Order order = outcome.order();
        if (order.status() == OrderStatus.CONFIRMED) {
            return new Output(order.orderId(), order.status().name(), null, null);
        }
        OrderFailure recorded = order.failure().orElse(orderFailure);
        return new Output(order.orderId(), order.status().name(), recorded.error(), recorded.cause());
    }

    @Override
    protected String samplePayload() {
        return "{\"orderId\":\"PRIMING\",\"failure\":{\"step\":\"ReserveInventory\",\"error\":\"InsufficientStock\","
                + "\"kind\":\"business\",\"cause\":\"{\\\"errorMessage\\\":\\\"x\\\"}\"},\"executionArn\":\"\"}";
    }

    @Override
    protected void primeDependencies() {
        orders.expectOwner(OrderOutcomes.PRIMING_ORDER_ID, OrderOutcomes.PRIMING_ORDER_ID);
        outcomes.prime();
    }
}
