package dev.sagastack.inventory.internal;

import dev.sagastack.inventory.ConnectionFactory;
import dev.sagastack.inventory.InventoryDatabaseSettings;
import org.postgresql.Driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Opens PostgreSQL connections with the driver directly (no {@code DriverManager} scan at cold start).
 *
 * <p>IAM mode: the password is a fresh RDS auth token (valid 15 minutes, only needed at connect
 * time) and TLS is {@code verify-full} against the JVM trust store. The token is a bearer
 * credential, so the server must be authenticated, not only the channel encrypted ({@code require}
 * would let a man in the middle collect it). RDS Proxy presents ACM certificates that chain to the
 * Amazon root CAs already in the JVM trust store, so no CA bundle is shipped.
 */
public final class JdbcConnectionFactory implements ConnectionFactory {

    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    // below the step functions' 20 s Lambda timeout, so a hung query fails the attempt cleanly
    private static final int SOCKET_TIMEOUT_SECONDS = 15;

    private final InventoryDatabaseSettings settings;
    private final Supplier<String> password;
    private final boolean tls;
    private final Driver driver = new Driver();

    private JdbcConnectionFactory(InventoryDatabaseSettings settings, Supplier<String> password, boolean tls) {
        this.settings = settings;
        this.password = password;
        this.tls = tls;
    }

    /** Password auth without TLS; settings only allow it for a database on this machine. */
    public static JdbcConnectionFactory withPassword(InventoryDatabaseSettings settings) {
        String secret = settings.password().orElseThrow();
        return new JdbcConnectionFactory(settings, () -> secret, false);
    }

    /** IAM auth token from {@code tokens} for every new connection, TLS verify-full. */
    public static JdbcConnectionFactory withIamToken(InventoryDatabaseSettings settings, Supplier<String> tokens) {
        return new JdbcConnectionFactory(settings, tokens, true);
    }

    @Override
    public Connection open() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        props.setProperty("password", password.get());
        props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "sagastack");
        if (tls) {
            props.setProperty("ssl", "true");
            props.setProperty("sslmode", "verify-full");
            props.setProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
        } else {
            props.setProperty("sslmode", "disable");
        }
        Connection connection = driver.connect(settings.jdbcUrl(), props);
        if (connection == null) {
            throw new SQLException("PostgreSQL driver does not accept " + settings.jdbcUrl());
        }
        connection.setAutoCommit(false);
        return connection;
    }
}
