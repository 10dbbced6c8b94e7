package dev.sagastack.handlers.saga;

import dev.sagastack.config.AppContext;
import dev.sagastack.inventory.InventoryDatabase;
import dev.sagastack.inventory.InventoryService;
import dev.sagastack.inventory.Reservation;
import dev.sagastack.inventory.ReservationLine;

import java.util.ArrayList;
import java.util.List;

/**
 * Saga step 1: reserves every order line in one PostgreSQL transaction, or none.
 *
 * <p>In: {@code {"orderId","items":[{"sku","quantity"}],"executionArn"}}.
 * Out: {@code {"orderId","reserved":[{"sku","quantity"}],"alreadyReserved"}}.
 * Errors: {@code InsufficientStock} (business), {@code TransientError} (database unreachable),
 * {@code StepConflict} (the order was already released, or holds other lines), {@code InvalidStepInput}.
 */
public final class ReserveInventoryHandler
        extends SagaStepHandler<ReserveInventoryHandler.Input, ReserveInventoryHandler.Output> {

    public record Item(String sku, Long quantity) {
    }

    public record Input(String orderId, List<Item> items, String executionArn) implements SagaStepHandler.StepInput {
        public Input {
            Fields.id(orderId, "orderId");
            items = Fields.nonEmpty(items, "items");
            for (int i = 0; i < items.size(); i++) {
                Fields.id(items.get(i).sku(), "items[" + i + "].sku");
                Fields.positive(items.get(i).quantity(), "items[" + i + "].quantity");
            }
        }
    }

    public record Line(String sku, long quantity) {
    }

    public record Output(String orderId, List<Line> reserved, boolean alreadyReserved) {
    }

    private final InventoryDatabase database;
    private final InventoryService inventory;

    public ReserveInventoryHandler() {
        this(AppContext.fromEnvironment(System.getenv()));
    }

    public ReserveInventoryHandler(AppContext app) {
        super("ReserveInventory", Input.class, app);
        this.database = app.clients().requireInventoryDatabase();
        this.inventory = InventoryService.create(database);
    }

    @Override
    protected Output execute(Input input, Counters counters) {
        List<ReservationLine> lines = new ArrayList<>();
        for (Item item : input.items()) {
            lines.add(new ReservationLine(item.sku(), item.quantity()));
        }
        Reservation reservation = inventory.reserve(input.orderId(), lines);
        return new Output(reservation.orderId(), toLines(reservation.lines()), reservation.alreadyReserved());
    }

    static List<Line> toLines(List<ReservationLine> lines) {
        return lines.stream().map(l -> new Line(l.sku(), l.quantity())).toList();
    }

    @Override
    protected String samplePayload() {
        return "{\"orderId\":\"PRIMING\",\"items\":[{\"sku\":\"PRIMING\",\"quantity\":1}],\"executionArn\":\"\"}";
    }

    @Override
    protected void primeDependencies() {
        InventoryStepSupport.prime(database);
    }

}
