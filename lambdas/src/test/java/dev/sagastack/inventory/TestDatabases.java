package dev.sagastack.inventory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL server per test JVM; every test gets its own fresh database with the
 * schema migrated, so tests never see each other's rows.
 */
public final class TestDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;
    private static String migratedTemplate;

    private TestDatabases() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // JVM is exiting
                }
            }));
        }
        return server;
    }

    /** A new, empty database without the schema. */
    public static InventoryDatabaseSettings emptyDatabase() {
        return createDatabase("");
    }

    /** A new database with the inventory schema, copied from a template migrated once per JVM. */
    public static synchronized InventoryDatabaseSettings migratedDatabase() {
        if (migratedTemplate == null) {
            InventoryDatabaseSettings template = emptyDatabase();
            SchemaMigrations.migrate(InventoryDatabase.connectionFactory(template));
            migratedTemplate = template.database();
        }
        return createDatabase(" TEMPLATE " + migratedTemplate);
    }

    private static InventoryDatabaseSettings createDatabase(String options) {
        String name = "inventory_" + COUNTER.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + options);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new InventoryDatabaseSettings("localhost", server().getPort(), name, "postgres",
                InventoryDatabaseSettings.Auth.PASSWORD, Optional.of("postgres"), null);
    }
}
