package dev.sagastack.handlers.saga;

import dev.sagastack.config.AppContext;
import dev.sagastack.observability.SagaMetrics;
import dev.sagastack.saga.Shipping;
import dev.sagastack.shipment.ShipmentRepository;


/**
 * Compensation of CreateShipment: cancels the order's shipment; when there is none it leaves a
 * tombstone so a late create is refused.
 *
 * <p>In: {@code {"orderId","executionArn"}}.
 * Out: {@code {"orderId","shipmentId","outcome":"CANCELLED|ALREADY_CANCELLED|NOTHING_SHIPPED"}}.
 */
public final class CancelShipmentHandler
        extends SagaStepHandler<CancelShipmentHandler.Input, CancelShipmentHandler.Output> {

    public record Input(String orderId, String executionArn) implements SagaStepHandler.StepInput {
        public Input {
            Fields.id(orderId, "orderId");
        }
    }

    public record Output(String orderId, String shipmentId, Shipping.CancelOutcome outcome) {
    }

    private final Shipping shipping;
    private final ShipmentRepository shipments;

    public CancelShipmentHandler() {
        this(AppContext.fromEnvironment(System.getenv()));
    }

    public CancelShipmentHandler(AppContext app) {
        super("CancelShipment", Input.class, app);
        this.shipments = ShipmentRepository.create(app.clients().dynamoDb(), app.config().requireSingleTable(), app.clock());
        this.shipping = new Shipping(shipments);
    }

    @Override
    protected Output execute(Input input, Counters counters) {
        Shipping.Cancellation cancellation = shipping.cancel(input.orderId());
        if (cancellation.outcome() != Shipping.CancelOutcome.ALREADY_CANCELLED) {
            counters.add(SagaMetrics.COMPENSATIONS_RUN);
        }
        return new Output(input.orderId(), cancellation.shipment().shipmentId(), cancellation.outcome());
    }

    @Override
    protected String samplePayload() {
        return "{\"orderId\":\"PRIMING\",\"executionArn\":\"\"}";
    }

    @Override
    protected void primeDependencies() {
        shipments.find("PRIMING");
    }
}
