package dev.sagastack.inventory;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Applies the inventory schema migrations ({@code classpath:db/migration}) with Flyway.
 *
 * <p>On deploy the database may not take connections yet: an Aurora Serverless v2 instance paused at
 * 0 ACU resumes in 15 seconds or more, and RDS Proxy's targets are still registering right after the
 * first deploy. Connections are therefore opened with bounded retries and exponential backoff
 * ({@link ConnectPolicy}); when the budget runs out the migration fails with {@link DatabaseUnreachable},
 * whose message says what was tried. Statements get a server-side timeout that fits the function's
 * five minutes, and the socket read timeout is raised above it so the server's error, not a dropped
 * socket, ends a slow statement.
 */
public final class SchemaMigrations {

    /** What a migration run did. {@code schemaVersion} is the version the database is at afterwards. */
    public record Result(int migrationsApplied, String schemaVersion, int connectAttempts) {
    }

    /**
     * How long and how often to try connecting. The deploy policy: up to 90 s of connection attempts
     * (1, 2, 4, 8, then every 10 s), which leaves 210 s of the migration function's 300 s timeout.
     */
    public record ConnectPolicy(Duration budget, Duration firstDelay, Duration maxDelay) {
        public static final ConnectPolicy DEPLOY =
                new ConnectPolicy(Duration.ofSeconds(90), Duration.ofSeconds(1), Duration.ofSeconds(10));

        public ConnectPolicy {
            if (budget.isNegative() || firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
                throw new IllegalArgumentException("connect policy needs budget >= 0 and 0 < firstDelay <= maxDelay");
            }
        }
    }

    /** The database did not accept a connection within the policy's budget. */
    public static final class DatabaseUnreachable extends RuntimeException {
        public DatabaseUnreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Server-side cap per statement: one statement can never take the whole function timeout. */
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(120);
    /** DDL waiting for a lock held by running functions gives up instead of queueing everyone behind it. */
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);
    /** Socket reads wait longer than the statement timeout, so the server reports the timeout. */
    static final Duration NETWORK_TIMEOUT = STATEMENT_TIMEOUT.plusSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    private SchemaMigrations() {
    }

    public static Result migrate(ConnectionFactory connections) {
        return migrate(connections, ConnectPolicy.DEPLOY);
    }

    public static Result migrate(ConnectionFactory connections, ConnectPolicy policy) {
        RetryingDataSource dataSource = new RetryingDataSource(connections, policy, System.nanoTime());
        Flyway flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load();
        MigrateResult result = flyway.migrate();
        String version = result.targetSchemaVersion != null
                ? result.targetSchemaVersion
                : flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
        return new Result(result.migrationsExecuted, version, dataSource.attempts);
    }

    /** The connections Flyway migrates with: retried as the policy says, with the migration's timeouts. */
    static DataSource dataSource(ConnectionFactory connections, ConnectPolicy policy) {
        return new RetryingDataSource(connections, policy, System.nanoTime());
    }

    /**
     * Connection failures worth waiting out: connection exceptions (SQLSTATE class 08, and I/O errors
     * without a state), the server starting up or shutting down (57P01-57P03) and too many connections
     * (53300). Authentication or a missing database fail at once: waiting does not fix them.
     */
    static boolean transientConnectFailure(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P") || state.equals("53300");
    }

    /** A DataSource over our connection factory that retries connecting; Flyway opens and closes its own connections. */
    private static final class RetryingDataSource implements DataSource {

        private final ConnectionFactory factory;
        private final ConnectPolicy policy;
        private final long startNanos;
        private int attempts;

        RetryingDataSource(ConnectionFactory factory, ConnectPolicy policy, long startNanos) {
            this.factory = factory;
            this.policy = policy;
            this.startNanos = startNanos;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = connectWithRetries();
            try {
                c.setAutoCommit(true);
                c.setNetworkTimeout(Runnable::run, (int) NETWORK_TIMEOUT.toMillis());
                try (Statement s = c.createStatement()) {
                    s.execute("SET statement_timeout = " + STATEMENT_TIMEOUT.toMillis());
                    s.execute("SET lock_timeout = " + LOCK_TIMEOUT.toMillis());
                }
                return c;
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        }

        private Connection connectWithRetries() throws SQLException {
            long deadline = startNanos + policy.budget().toNanos();
            Duration delay = policy.firstDelay();
            while (true) {
                attempts++;
                try {
                    return factory.open();
                } catch (SQLException e) {
                    long remaining = deadline - System.nanoTime();
                    if (!transientConnectFailure(e)) {
                        throw e;
                    }
                    if (remaining <= 0) {
                        throw new DatabaseUnreachable("inventory database did not accept a connection after " + attempts
                                + " attempts in " + Duration.ofNanos(System.nanoTime() - startNanos).toSeconds()
                                + " s (budget " + policy.budget().toSeconds() + " s); last error SQLSTATE "
                                + e.getSQLState() + ": " + e.getMessage() + ". A paused Aurora resumes in 15 s or more "
                                + "and RDS Proxy targets register after a first deploy; if the database is up, check "
                                + "the proxy's target health and the function's security group, then deploy again.", e);
                    }
                    long sleepNanos = Math.min(delay.toNanos(), remaining);
                    LOG.warn("inventory database not reachable (attempt {}, SQLSTATE {}: {}); retrying in {} ms",
                            attempts, e.getSQLState(), e.getMessage(), sleepNanos / 1_000_000);
                    sleep(sleepNanos);
                    delay = delay.multipliedBy(2).compareTo(policy.maxDelay()) > 0 ? policy.maxDelay() : delay.multipliedBy(2);
                }
            }
        }

        private static void sleep(long nanos) throws SQLException {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting to reconnect", "08000", e);
            }
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // unused
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // the factory sets its own timeouts
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
