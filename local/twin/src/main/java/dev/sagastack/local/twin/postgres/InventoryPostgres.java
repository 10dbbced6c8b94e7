package dev.sagastack.local.twin.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * The inventory database of the twin: an embedded PostgreSQL on 127.0.0.1 with an {@code inventory}
 * database. Throw-away by default; with a data directory its cluster lives there and every commit is
 * flushed before it is acknowledged (synchronous_commit on), so a killed twin loses no acknowledged write.
 */
public final class InventoryPostgres implements AutoCloseable {

    public static final String DATABASE = "inventory";
    public static final String USER = "postgres";
    /** The cluster trusts local connections; the functions still send a password as their settings require one. */
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    private InventoryPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static InventoryPostgres start(Optional<Path> dataDirectory) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "300")
                .setPGStartupWait(Duration.ofSeconds(30));
        if (dataDirectory.isPresent()) {
            stopOrphan(dataDirectory.get());
            builder.setDataDirectory(dataDirectory.get())
                    .setCleanDataDirectory(false)
                    .setServerConfig("synchronous_commit", "on");
        } else {
            builder.setServerConfig("fsync", "off");
        }
        try {
            InventoryPostgres database = new InventoryPostgres(builder.start());
            database.createDatabase();
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    /**
     * A twin killed with {@code kill -9} leaves its PostgreSQL running on the data directory (the server is a
     * separate process whose shutdown hook never ran). Before starting on that directory, stop that server:
     * the first line of {@code postmaster.pid} names it.
     */
    private static void stopOrphan(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!java.nio.file.Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(java.nio.file.Files.readAllLines(pidFile).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        System.out.println("  stopping PostgreSQL " + pid + " left running on " + dataDirectory + " by an earlier run");
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            orphan.get().destroyForcibly();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL " + pid, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    private void createDatabase() {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port() + "/postgres", USER, PASSWORD);
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rows = exists.executeQuery()) {
                if (!rows.next()) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE DATABASE " + DATABASE);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the inventory database", e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
