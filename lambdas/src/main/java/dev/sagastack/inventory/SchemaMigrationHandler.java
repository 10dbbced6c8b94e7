package dev.sagastack.inventory;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs the inventory schema migrations on deploy: the {@code onEvent} handler of a CloudFormation
 * custom resource behind the CDK Provider framework. Create and Update migrate (Flyway only applies
 * what is new); Delete keeps the schema, because the database and its data outlive the stack's
 * stateless part. A failure throws, and the framework reports the resource FAILED with the message.
 *
 * <p>Response: {@code {"PhysicalResourceId": "inventory-schema", "Data": {"SchemaVersion", "MigrationsApplied"}}};
 * the id never changes, so an Update never looks like a replacement to CloudFormation.
 */
public final class SchemaMigrationHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    public static final String PHYSICAL_RESOURCE_ID = "inventory-schema";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrationHandler.class);

    private final Supplier<ConnectionFactory> connections;

    /** Lambda entry point: connects with the {@code INVENTORY_DB_*} environment when an event arrives. */
    public SchemaMigrationHandler() {
        this(() -> InventoryDatabase.connectionFactory(InventoryDatabaseSettings.fromEnvironment(System.getenv())));
    }

    /** With the function's environment as a map (a host that runs several functions in one process). */
    public SchemaMigrationHandler(Map<String, String> environment) {
        this(() -> InventoryDatabase.connectionFactory(InventoryDatabaseSettings.fromEnvironment(environment)));
    }

    public SchemaMigrationHandler(Supplier<ConnectionFactory> connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Object type = event == null ? null : event.get("RequestType");
        Map<String, Object> response = new HashMap<>();
        if ("Delete".equals(type)) {
            Object physicalId = event.get("PhysicalResourceId");
            response.put("PhysicalResourceId", physicalId instanceof String id ? id : PHYSICAL_RESOURCE_ID);
            LOG.info("inventory schema kept on Delete");
            return response;
        }
        if (!"Create".equals(type) && !"Update".equals(type)) {
            throw new IllegalArgumentException("RequestType must be Create, Update or Delete, was " + type);
        }
        SchemaMigrations.Result result = SchemaMigrations.migrate(connections.get());
        LOG.info("inventory schema at version {} after {} ({} migrations applied)",
                result.schemaVersion(), type, result.migrationsApplied());
        response.put("PhysicalResourceId", PHYSICAL_RESOURCE_ID);
        response.put("Data", Map.of(
                "SchemaVersion", result.schemaVersion(),
                "MigrationsApplied", Integer.toString(result.migrationsApplied())));
        return response;
    }
}
