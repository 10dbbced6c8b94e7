package dev.sagastack.inventory;

import dev.sagastack.inventory.internal.JdbcConnectionFactory;
import dev.sagastack.inventory.internal.RdsIamTokens;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The one JDBC connection of a Lambda container. It is opened when the container starts (outside
 * any request), reused by every invocation, validated when it has been idle, and reopened when it
 * is found broken; a transaction that failed because the connection broke is run once more on the
 * new connection (every inventory operation is idempotent, and the failed one was rolled back).
 *
 * <p>Lambda runs one invocation at a time per container; the lock only matters where several
 * threads share a container's objects (tests, the local twin).
 */
public final class InventoryDatabase implements AutoCloseable {

    private static final Duration VALIDATE_AFTER_IDLE = Duration.ofSeconds(30);
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final ConnectionFactory factory;
    private final LongSupplier nanoClock;
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private Connection connection;
    private long lastUsedNanos;

    private InventoryDatabase(ConnectionFactory factory, LongSupplier nanoClock) {
        this.factory = factory;
        this.nanoClock = nanoClock;
    }

    /** Connects now; a database that cannot be reached at start-up is retried on first use. */
    public static InventoryDatabase connect(ConnectionFactory factory) {
        InventoryDatabase database = new InventoryDatabase(factory, System::nanoTime);
        database.tryOpenEagerly();
        return database;
    }

    /** IAM token + TLS verify-full, or password without TLS for a database on this machine. */
    public static ConnectionFactory connectionFactory(InventoryDatabaseSettings settings) {
        return connectionFactory(settings, Optional.empty());
    }

    /** As above, IAM tokens signed with {@code credentials} (empty: the SDK's default chain). */
    public static ConnectionFactory connectionFactory(InventoryDatabaseSettings settings,
                                                      Optional<AwsCredentialsProvider> credentials) {
        if (settings.auth() != InventoryDatabaseSettings.Auth.IAM) {
            return JdbcConnectionFactory.withPassword(settings);
        }
        return JdbcConnectionFactory.withIamToken(settings, credentials
                .map(c -> new RdsIamTokens(settings, c)).orElseGet(() -> new RdsIamTokens(settings)));
    }

    /**
     * Runs {@code work} in one transaction: commit on return, rollback on any exception.
     *
     * @throws InventoryUnavailableException the connection broke twice, or the database reported a
     *                                       transient failure (serialization, deadlock)
     * @throws InventoryDatabaseException    any other SQL error
     */
    public synchronized <T> T inTransaction(SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            Connection c = usableConnection();
            try {
                T result = work.run(c);
                c.commit();
                lastUsedNanos = nanoClock.getAsLong();
                return result;
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (isConnectionFailure(e)) {
                    discardConnection();
                    if (attempt == 1) {
                        continue;
                    }
                    throw new InventoryUnavailableException("inventory database connection lost: " + e.getMessage(), e);
                }
                if (isTransient(e)) {
                    throw new InventoryUnavailableException("inventory transaction aborted (" + e.getSQLState()
                            + "), safe to retry: " + e.getMessage(), e);
                }
                throw new InventoryDatabaseException("inventory statement failed (" + e.getSQLState() + "): "
                        + e.getMessage(), e);
            } catch (RuntimeException e) {
                rollbackQuietly(c);
                lastUsedNanos = nanoClock.getAsLong();
                throw e;
            }
        }
    }

    /** Checks the connection with a round trip; used by SnapStart priming and health checks. */
    public synchronized void validate() {
        inTransaction(c -> {
            try (var statement = c.createStatement()) {
                statement.execute("SELECT 1");
            }
            return null;
        });
    }

    /** How many connections this container opened: stays 1 while the connection stays healthy. */
    public int connectionsOpened() {
        return connectionsOpened.get();
    }

    /** Drops the connection without closing it politely, as a network failure would (for tests and SnapStart). */
    public synchronized void discardConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        discardConnection();
    }

    private void tryOpenEagerly() {
        try {
            open();
        } catch (InventoryUnavailableException e) {
            // Start-up must not fail for a database blip; the first use retries the connect.
        }
    }

    private Connection usableConnection() {
        if (connection == null) {
            return open();
        }
        long idle = nanoClock.getAsLong() - lastUsedNanos;
        if (idle > VALIDATE_AFTER_IDLE.toNanos()) {
            boolean valid;
            try {
                valid = connection.isValid(VALIDATION_TIMEOUT_SECONDS);
            } catch (SQLException e) {
                valid = false;
            }
            if (!valid) {
                discardConnection();
                return open();
            }
        }
        return connection;
    }

    private Connection open() {
        try {
            connection = factory.open();
            connectionsOpened.incrementAndGet();
            lastUsedNanos = nanoClock.getAsLong();
            return connection;
        } catch (SQLException e) {
            throw new InventoryUnavailableException("cannot connect to the inventory database: " + e.getMessage(), e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; discarding it is handled by the caller
        }
    }

    private static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    private static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state) || "55P03".equals(state);
    }
}
