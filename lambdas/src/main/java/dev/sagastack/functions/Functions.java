package dev.sagastack.functions;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.sagastack.functions.FunctionSpec.Access.CURSOR_KEY;
import static dev.sagastack.functions.FunctionSpec.Access.DAX_READ;
import static dev.sagastack.functions.FunctionSpec.Access.EVENT_STORE_READ;
import static dev.sagastack.functions.FunctionSpec.Access.EVENT_STORE_WRITE;
import static dev.sagastack.functions.FunctionSpec.Access.INVENTORY_DATABASE;
import static dev.sagastack.functions.FunctionSpec.Access.READ_SAGA;
import static dev.sagastack.functions.FunctionSpec.Access.SINGLE_TABLE_READ;
import static dev.sagastack.functions.FunctionSpec.Access.SINGLE_TABLE_WRITE;
import static dev.sagastack.functions.FunctionSpec.Access.START_SAGA;

/**
 * The catalog of the application's functions: the one list that infra deploys and the twin hosts.
 * The ASL refers to saga functions as {@code ${<name>FunctionArn}} definition substitutions.
 */
public final class Functions {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);

    public static final FunctionSpec RESERVE_INVENTORY = step("ReserveInventory",
            "dev.sagastack.handlers.saga.ReserveInventoryHandler", Set.of(INVENTORY_DATABASE));
    public static final FunctionSpec RELEASE_INVENTORY = step("ReleaseInventory",
            "dev.sagastack.handlers.saga.ReleaseInventoryHandler", Set.of(INVENTORY_DATABASE));
    public static final FunctionSpec PROCESS_PAYMENT = step("ProcessPayment",
            "dev.sagastack.handlers.saga.ProcessPaymentHandler", Set.of(EVENT_STORE_READ, EVENT_STORE_WRITE));
    public static final FunctionSpec REFUND_PAYMENT = step("RefundPayment",
            "dev.sagastack.handlers.saga.RefundPaymentHandler", Set.of(EVENT_STORE_READ, EVENT_STORE_WRITE));
    public static final FunctionSpec CREATE_SHIPMENT = step("CreateShipment",
            "dev.sagastack.handlers.saga.CreateShipmentHandler", Set.of(SINGLE_TABLE_READ, SINGLE_TABLE_WRITE));
    public static final FunctionSpec CANCEL_SHIPMENT = step("CancelShipment",
            "dev.sagastack.handlers.saga.CancelShipmentHandler", Set.of(SINGLE_TABLE_READ, SINGLE_TABLE_WRITE));
    public static final FunctionSpec CONFIRM_ORDER = step("ConfirmOrder",
            "dev.sagastack.handlers.saga.ConfirmOrderHandler", Set.of(SINGLE_TABLE_READ, SINGLE_TABLE_WRITE));
    public static final FunctionSpec MARK_ORDER_CANCELLED = step("MarkOrderCancelled",
            "dev.sagastack.handlers.saga.MarkOrderCancelledHandler", Set.of(SINGLE_TABLE_READ, SINGLE_TABLE_WRITE));
    public static final FunctionSpec MARK_NEEDS_ATTENTION = step("MarkNeedsAttention",
            "dev.sagastack.handlers.saga.MarkNeedsAttentionHandler", Set.of(SINGLE_TABLE_READ, SINGLE_TABLE_WRITE));

    /** The HTTP API: one function routing every route of the API Gateway HTTP API (payload v2.0). */
    public static final FunctionSpec HTTP_API = new FunctionSpec("HttpApi",
            "dev.sagastack.handlers.api.HttpApiHandler", 1024, Duration.ofSeconds(15),
            Set.of(SINGLE_TABLE_READ, SINGLE_TABLE_WRITE, EVENT_STORE_READ, EVENT_STORE_WRITE,
                    INVENTORY_DATABASE, DAX_READ, START_SAGA, READ_SAGA, CURSOR_KEY));

    /** Builds account summaries from the event store's stream. */
    public static final FunctionSpec ACCOUNT_SUMMARY_PROJECTION = new FunctionSpec("AccountSummaryProjection",
            "dev.sagastack.handlers.projection.AccountSummaryProjectionHandler", 1024, Duration.ofSeconds(60),
            Set.of(EVENT_STORE_READ, SINGLE_TABLE_READ, SINGLE_TABLE_WRITE));

    /** Runs the inventory schema migrations (Flyway) on deploy. */
    public static final FunctionSpec SCHEMA_MIGRATION = new FunctionSpec("SchemaMigration",
            "dev.sagastack.handlers.migration.SchemaMigrationHandler", 1024, Duration.ofMinutes(5),
            Set.of(INVENTORY_DATABASE));

    private Functions() {
    }

    public static List<FunctionSpec> all() {
        return List.of(RESERVE_INVENTORY, RELEASE_INVENTORY, PROCESS_PAYMENT, REFUND_PAYMENT,
                CREATE_SHIPMENT, CANCEL_SHIPMENT, CONFIRM_ORDER, MARK_ORDER_CANCELLED, MARK_NEEDS_ATTENTION,
                HTTP_API, ACCOUNT_SUMMARY_PROJECTION, SCHEMA_MIGRATION);
    }

    /** The functions the order saga's state machine invokes. */
    public static List<FunctionSpec> sagaSteps() {
        return List.of(RESERVE_INVENTORY, RELEASE_INVENTORY, PROCESS_PAYMENT, REFUND_PAYMENT,
                CREATE_SHIPMENT, CANCEL_SHIPMENT, CONFIRM_ORDER, MARK_ORDER_CANCELLED, MARK_NEEDS_ATTENTION);
    }

    public static Optional<FunctionSpec> byName(String name) {
        return all().stream().filter(f -> f.name().equals(name)).findFirst();
    }

    private static FunctionSpec step(String name, String handlerClass, Set<FunctionSpec.Access> access) {
        return new FunctionSpec(name, handlerClass, 1024, STEP_TIMEOUT, access);
    }
}
