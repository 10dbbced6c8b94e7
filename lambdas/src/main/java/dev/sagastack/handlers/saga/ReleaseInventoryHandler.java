package dev.sagastack.handlers.saga;

import dev.sagastack.config.AppContext;
import dev.sagastack.inventory.InventoryDatabase;
import dev.sagastack.inventory.InventoryService;
import dev.sagastack.inventory.Release;
import dev.sagastack.observability.SagaMetrics;

import java.util.List;

/**
 * Compensation of ReserveInventory: returns exactly what the order holds to stock, once. When the
 * order holds nothing (the reservation failed or never ran) it records that, so a late reservation
 * is refused.
 *
 * <p>In: {@code {"orderId","executionArn"}}.
 * Out: {@code {"orderId","outcome":"RELEASED|ALREADY_RELEASED|NOTHING_RESERVED","released":[{"sku","quantity"}]}}.
 */
public final class ReleaseInventoryHandler
        extends SagaStepHandler<ReleaseInventoryHandler.Input, ReleaseInventoryHandler.Output> {

    public record Input(String orderId, String executionArn) implements SagaStepHandler.StepInput {
        public Input {
            Fields.id(orderId, "orderId");
        }
    }

    public record Output(String orderId, Release.Outcome outcome, List<ReserveInventoryHandler.Line> released) {
    }

    private final InventoryDatabase database;
    private final InventoryService inventory;

    public ReleaseInventoryHandler() {
        this(AppContext.fromEnvironment(System.getenv()));
    }

    public ReleaseInventoryHandler(AppContext app) {
        super("ReleaseInventory", Input.class, app);
        this.database = app.clients().requireInventoryDatabase();
        this.inventory = InventoryService.create(database);
    }

    @Override
    protected Output execute(Input input, Counters counters) {
        Release release = inventory.release(input.orderId());
        if (release.outcome() != Release.Outcome.ALREADY_RELEASED) {
            counters.add(SagaMetrics.COMPENSATIONS_RUN);
        }
        return new Output(release.orderId(), release.outcome(), ReserveInventoryHandler.toLines(release.lines()));
    }

    @Override
    protected String samplePayload() {
        return "{\"orderId\":\"PRIMING\",\"executionArn\":\"\"}";
    }

    @Override
    protected void primeDependencies() {
        InventoryStepSupport.prime(database);
    }

}
