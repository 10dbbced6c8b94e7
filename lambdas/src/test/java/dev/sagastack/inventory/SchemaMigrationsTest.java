package dev.sagastack.inventory;

import dev.sagastack.config.AppConfig;
import dev.sagastack.config.AppContext;
import dev.sagastack.config.AwsClients;
import dev.sagastack.handlers.migration.SchemaMigrationHandler;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaMigrationsTest {

    @Test
    void migratesAnEmptyDatabaseOnceAndThenAppliesNothing() {
        ConnectionFactory factory = InventoryDatabase.connectionFactory(TestDatabases.emptyDatabase());

        SchemaMigrations.Result first = SchemaMigrations.migrate(factory);
        SchemaMigrations.Result second = SchemaMigrations.migrate(factory);

        assertThat(first.migrationsApplied()).isPositive();
        assertThat(second.migrationsApplied()).isZero();
        assertThat(second.schemaVersion()).isEqualTo(first.schemaVersion());
    }

    @Test
    void theSchemaRefusesNegativeStockAndReservationsOfUnknownSkus() throws SQLException {
        ConnectionFactory factory = InventoryDatabase.connectionFactory(TestDatabases.migratedDatabase());
        try (Connection c = factory.open(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO inventory (sku, available) VALUES ('A', -1)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("inventory_available_not_negative");
            s.executeUpdate("INSERT INTO reservation_orders (order_id, status) VALUES ('o-1', 'RESERVED')");
            assertThatThrownBy(() -> s.executeUpdate(
                    "INSERT INTO reservations (order_id, sku, quantity, status) VALUES ('o-1', 'GHOST', 1, 'RESERVED')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("foreign key");
            s.executeUpdate("INSERT INTO inventory (sku, available) VALUES ('A', 1)");
            assertThatThrownBy(() -> s.executeUpdate(
                    "INSERT INTO reservations (order_id, sku, quantity, status) VALUES ('o-1', 'A', 0, 'RESERVED')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("reservations_quantity_positive");
        }
    }

    @Test
    void theDeployHandlerMigratesOnCreateAndUpdateAndKeepsTheSchemaOnDelete() {
        ConnectionFactory factory = InventoryDatabase.connectionFactory(TestDatabases.emptyDatabase());
        SchemaMigrationHandler handler = new SchemaMigrationHandler(new AppContext(AppConfig.defaults(),
                AwsClients.builder(AppConfig.defaults()).inventoryConnections(factory).build()));

        Map<String, Object> created = handler.handleRequest(event("Create", null), null);
        Map<String, Object> updated = handler.handleRequest(event("Update", "inventory-schema"), null);
        Map<String, Object> deleted = handler.handleRequest(event("Delete", "inventory-schema"), null);

        assertThat(created).containsEntry("PhysicalResourceId", "inventory-schema");
        assertThat(created.get("Data")).isInstanceOfSatisfying(Map.class, data -> {
            assertThat(data.get("MigrationsApplied")).isNotEqualTo("0");
            assertThat(data.get("SchemaVersion")).isEqualTo("1");
        });
        assertThat(updated).containsEntry("PhysicalResourceId", "inventory-schema");
        assertThat(updated.get("Data")).isInstanceOfSatisfying(Map.class,
                data -> assertThat(data.get("MigrationsApplied")).isEqualTo("0"));
        assertThat(deleted).containsEntry("PhysicalResourceId", "inventory-schema").doesNotContainKey("Data");
        // Delete kept the schema: the tables still answer
        try (InventoryDatabase database = InventoryDatabase.connect(factory)) {
            assertThat(InventoryService.create(database).stockLevel("A")).isEmpty();
        }
    }

    @Test
    void theDeployHandlerRejectsAnUnknownRequestType() {
        SchemaMigrationHandler handler = new SchemaMigrationHandler(new AppContext(AppConfig.defaults(),
                AwsClients.builder(AppConfig.defaults()).inventoryConnections(() -> {
                    throw new AssertionError("must not connect");
                }).build()));

        assertThatThrownBy(() -> handler.handleRequest(event("Upgrade", null), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Upgrade");
    }

    /** The onEvent payload of the CDK Provider framework (CloudFormation custom resource request). */
    private static Map<String, Object> event(String requestType, String physicalId) {
        Map<String, Object> event = new HashMap<>();
        event.put("RequestType", requestType);
        event.put("ServiceToken", "arn:aws:lambda:eu-west-1:111122223333:function:provider");
        event.put("ResponseURL", "https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x");
        event.put("StackId", "arn:aws:cloudformation:eu-west-1:111122223333:stack/stateless/guid");
        event.put("RequestId", "unique-id");
        event.put("LogicalResourceId", "InventorySchema");
        event.put("ResourceType", "Custom::InventorySchema");
        event.put("ResourceProperties", Map.of("ServiceToken", "arn:aws:lambda:eu-west-1:111122223333:function:provider"));
        if (physicalId != null) {
            event.put("PhysicalResourceId", physicalId);
        }
        return event;
    }
}
