package dev.sagastack.inventory;

import dev.sagastack.config.EnvironmentVariables;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach the inventory database (from the function's {@code INVENTORY_DB_*} variables, see {@code AppConfig}).
 *
 * <p>In AWS the functions reach Aurora through RDS Proxy with an IAM auth token over TLS
 * ({@link Auth#IAM}); a password is only accepted for a database on the local machine (the twin).
 */
public record InventoryDatabaseSettings(String host, int port, String database, String user, Auth auth,
                                        Optional<String> password, String region) {

    public enum Auth { IAM, PASSWORD }

    public InventoryDatabaseSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(password, "password");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (auth == Auth.PASSWORD) {
            if (password.isEmpty()) {
                throw new IllegalArgumentException(EnvironmentVariables.INVENTORY_DB_PASSWORD
                        + " is required when " + EnvironmentVariables.INVENTORY_DB_AUTH + "=password");
            }
            if (!isLoopback(host)) {
                throw new IllegalArgumentException("password authentication without TLS is only for a database on "
                        + "this machine (the local twin), not " + host + "; use " + EnvironmentVariables.INVENTORY_DB_AUTH + "=iam");
            }
        }
        if (auth == Auth.IAM && (region == null || region.isBlank())) {
            throw new IllegalArgumentException("AWS_REGION is required for IAM database authentication");
        }
    }

    /** JDBC URL; TLS settings travel as connection properties (see the connection factories). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        // Only literal addresses: resolving a name here would be a network call at start-up.
        if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
            return false;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        // never print the password
        return "InventoryDatabaseSettings[" + jdbcUrl() + ", user=" + user + ", auth=" + auth + "]";
    }
}
