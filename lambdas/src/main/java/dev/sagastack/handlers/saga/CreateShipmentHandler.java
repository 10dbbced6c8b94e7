package dev.sagastack.handlers.saga;

import dev.sagastack.config.AppContext;
import dev.sagastack.saga.Shipping;
import dev.sagastack.shipment.Shipment;
import dev.sagastack.shipment.ShipmentLine;
import dev.sagastack.shipment.ShipmentRepository;

import java.util.ArrayList;
import java.util.List;

/**
 * Saga step 3: creates the order's shipment (one per order, conditional write).
 *
 * <p>In: {@code {"orderId","userId","items":[{"sku","quantity"}],"executionArn"}}.
 * Out: {@code {"orderId","shipmentId","status":"CREATED"}}.
 * Errors: {@code ShipmentRejected} (business: no such recipient, or the shipment was cancelled
 * first), {@code TransientError}, {@code InvalidStepInput}.
 */
public final class CreateShipmentHandler
        extends SagaStepHandler<CreateShipmentHandler.Input, CreateShipmentHandler.Output> {

    public record Input(String orderId, String userId, List<ReserveInventoryHandler.Item> items, String executionArn)
            implements SagaStepHandler.StepInput {
        public Input {
            Fields.id(orderId, "orderId");
            Fields.id(userId, "userId");
            items = Fields.nonEmpty(items, "items");
            for (int i = 0; i < items.size(); i++) {
                Fields.id(items.get(i).sku(), "items[" + i + "].sku");
                long quantity = Fields.positive(items.get(i).quantity(), "items[" + i + "].quantity");
                if (quantity > Integer.MAX_VALUE) {
                    throw new InvalidPayload("items[" + i + "].quantity is too large: " + quantity);
                }
            }
        }
    }

    public record Output(String orderId, String shipmentId, String status) {
    }

    private final Shipping shipping;
    private final ShipmentRepository shipments;

    public CreateShipmentHandler() {
        this(AppContext.fromEnvironment(System.getenv()));
    }

    public CreateShipmentHandler(AppContext app) {
        super("CreateShipment", Input.class, app);
        this.shipments = ShipmentRepository.create(app.clients().dynamoDb(), app.config().requireSingleTable(), app.clock());
        this.shipping = new Shipping(shipments);
    }

    @Override
    protected Output execute(Input input, Counters counters) {
        List<ShipmentLine> lines = new ArrayList<>();
        for (ReserveInventoryHandler.Item item : input.items()) {
            lines.add(new ShipmentLine(item.sku(), Math.toIntExact(item.quantity())));
        }
        Shipment shipment = shipping.ship(input.orderId(), input.userId(), lines);
        return new Output(shipment.orderId(), shipment.shipmentId(), shipment.status().name());
    }

    @Override
    protected String samplePayload() {
        return "{\"orderId\":\"PRIMING\",\"userId\":\"PRIMING\",\"items\":[{\"sku\":\"PRIMING\",\"quantity\":1}],"
                + "\"executionArn\":\"\"}";
    }

    @Override
    protected void primeDependencies() {
        shipments.find("PRIMING");
    }
}
