package dev.sagastack.inventory;

import dev.sagastack.config.AppConfig;
import dev.sagastack.config.AppContext;
import dev.sagastack.config.AwsClients;
import dev.sagastack.handlers.migration.SchemaMigrationHandler;
import dev.sagastack.functions.Functions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
    void waitsForADatabaseThatStartsLateAndThenMigrates() throws Exception {
        int port = freePort();
        ConnectionFactory factory = InventoryDatabase.connectionFactory(new InventoryDatabaseSettings(
                "localhost", port, "postgres", "postgres", InventoryDatabaseSettings.Auth.PASSWORD,
                Optional.of("postgres"), null));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        long start = System.nanoTime();
        try {
            // the migration starts while nothing listens, like a deploy against a paused Aurora
            Future<SchemaMigrations.Result> migration = executor.submit(() -> SchemaMigrations.migrate(factory,
                    new SchemaMigrations.ConnectPolicy(Duration.ofSeconds(60), Duration.ofMillis(250), Duration.ofSeconds(1))));
            Thread.sleep(3_000);
            assertThat(migration).isNotDone();
            try (EmbeddedPostgres late = EmbeddedPostgres.builder().setPort(port).start()) {
                SchemaMigrations.Result result = migration.get(60, TimeUnit.SECONDS);

                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
                assertThat(result.connectAttempts()).isGreaterThan(3);
                assertThat(result.migrationsApplied()).isPositive();
                assertThat(result.schemaVersion()).isEqualTo("1");
                try (Connection c = late.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FROM inventory")) {
                    assertThat(rs.next()).isTrue();
                }
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void givesUpWithAClearMessageWhenTheDatabaseNeverComes() throws Exception {
        int port = freePort();
        ConnectionFactory factory = InventoryDatabase.connectionFactory(new InventoryDatabaseSettings(
                "localhost", port, "postgres", "postgres", InventoryDatabaseSettings.Auth.PASSWORD,
                Optional.of("postgres"), null));
        long start = System.nanoTime();

        assertThatThrownBy(() -> SchemaMigrations.migrate(factory,
                new SchemaMigrations.ConnectPolicy(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofMillis(500))))
                .isInstanceOf(SchemaMigrations.DatabaseUnreachable.class)
                .hasMessageContaining("did not accept a connection after")
                .hasMessageContaining("budget 2 s")
                .hasMessageContaining("SQLSTATE 08")
                .hasMessageContaining("paused Aurora");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(20));
    }

    @Test
    void authenticationFailuresAreNotRetried() {
        InventoryDatabaseSettings database = TestDatabases.emptyDatabase();
        ConnectionFactory wrongPassword = InventoryDatabase.connectionFactory(new InventoryDatabaseSettings(
                database.host(), database.port(), database.database(), "nobody", InventoryDatabaseSettings.Auth.PASSWORD,
                Optional.of("wrong"), null));
        long start = System.nanoTime();

        assertThatThrownBy(() -> SchemaMigrations.migrate(wrongPassword,
                new SchemaMigrations.ConnectPolicy(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(5))))
                .hasStackTraceContaining("nobody");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void migrationSessionsHaveStatementAndLockTimeoutsWithinTheFunctionTimeout() throws SQLException {
        assertThat(SchemaMigrations.ConnectPolicy.DEPLOY.budget().plus(SchemaMigrations.STATEMENT_TIMEOUT))
                .isLessThan(Functions.SCHEMA_MIGRATION.timeout());
        assertThat(SchemaMigrations.NETWORK_TIMEOUT).isGreaterThan(SchemaMigrations.STATEMENT_TIMEOUT);
        ConnectionFactory factory = InventoryDatabase.connectionFactory(TestDatabases.emptyDatabase());
        try (Connection c = SchemaMigrations.dataSource(factory, SchemaMigrations.ConnectPolicy.DEPLOY).getConnection();
             Statement s = c.createStatement()) {
            assertThat(c.getNetworkTimeout()).isEqualTo((int) SchemaMigrations.NETWORK_TIMEOUT.toMillis());
            assertThat(setting(s, "statement_timeout")).isEqualTo("2min");
            assertThat(setting(s, "lock_timeout")).isEqualTo("30s");
            // the server cancels what runs longer than the cap (here a 1 s cap on a 3 s sleep)
            s.execute("SET statement_timeout = 1000");
            assertThatThrownBy(() -> s.execute("SELECT pg_sleep(3)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("statement timeout");
        }
    }

    private static String setting(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
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
