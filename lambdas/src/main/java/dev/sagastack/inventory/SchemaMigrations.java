package dev.sagastack.inventory;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/** Applies the inventory schema migrations ({@code classpath:db/migration}) with Flyway. */
public final class SchemaMigrations {

    /** What a migration run did. {@code schemaVersion} is the version the database is at afterwards. */
    public record Result(int migrationsApplied, String schemaVersion) {
    }

    private SchemaMigrations() {
    }

    public static Result migrate(ConnectionFactory connections) {
        Flyway flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(new FactoryDataSource(connections))
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load();
        MigrateResult result = flyway.migrate();
        String version = result.targetSchemaVersion != null
                ? result.targetSchemaVersion
                : flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
        return new Result(result.migrationsExecuted, version);
    }

    /** A DataSource over our connection factory; Flyway opens and closes its own connections. */
    private record FactoryDataSource(ConnectionFactory factory) implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = factory.open();
            c.setAutoCommit(true);
            return c;
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
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
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
