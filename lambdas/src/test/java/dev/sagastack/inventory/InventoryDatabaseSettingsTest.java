package dev.sagastack.inventory;

import dev.sagastack.config.AppConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryDatabaseSettingsTest {

    private static final Map<String, String> AWS = Map.of(
            "INVENTORY_DB_HOST", "proxy.proxy-abc.eu-west-1.rds.amazonaws.com",
            "INVENTORY_DB_NAME", "inventory",
            "INVENTORY_DB_USER", "saga_app",
            "AWS_REGION", "eu-west-1");

    @Test
    void defaultsToIamAuthOnPort5432() {
        InventoryDatabaseSettings settings = settings(AWS);

        assertThat(settings.auth()).isEqualTo(InventoryDatabaseSettings.Auth.IAM);
        assertThat(settings.jdbcUrl())
                .isEqualTo("jdbc:postgresql://proxy.proxy-abc.eu-west-1.rds.amazonaws.com:5432/inventory");
        assertThat(settings.region()).isEqualTo("eu-west-1");
    }

    @Test
    void iamAuthNeedsARegionToSignTokens() {
        Map<String, String> env = new java.util.HashMap<>(AWS);
        env.remove("AWS_REGION");

        assertThatThrownBy(() -> settings(env))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AWS_REGION");
    }

    @Test
    void passwordAuthIsRefusedForARemoteHost() {
        Map<String, String> env = new java.util.HashMap<>(AWS);
        env.put("INVENTORY_DB_AUTH", "password");
        env.put("INVENTORY_DB_PASSWORD", "secret");

        assertThatThrownBy(() -> settings(env))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("local twin");
    }

    @Test
    void passwordAuthOnTheLocalMachineNeedsAPasswordAndNeverPrintsIt() {
        Map<String, String> env = Map.of(
                "INVENTORY_DB_HOST", "127.0.0.1", "INVENTORY_DB_PORT", "15432", "INVENTORY_DB_NAME", "inv",
                "INVENTORY_DB_USER", "postgres", "INVENTORY_DB_AUTH", "password", "INVENTORY_DB_PASSWORD", "s3cret");

        InventoryDatabaseSettings settings = settings(env);

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/inv");
        assertThat(settings.toString()).doesNotContain("s3cret");
        Map<String, String> withoutPassword = new java.util.HashMap<>(env);
        withoutPassword.remove("INVENTORY_DB_PASSWORD");
        assertThatThrownBy(() -> settings(withoutPassword))
                .hasMessageContaining("INVENTORY_DB_PASSWORD");
    }

    @Test
    void missingOrMalformedVariablesAreNamed() {
        Map<String, String> env = new java.util.HashMap<>(AWS);
        env.remove("INVENTORY_DB_HOST");
        assertThatThrownBy(() -> settings(env)).hasMessageContaining("INVENTORY_DB_HOST");

        Map<String, String> badPort = new java.util.HashMap<>(AWS);
        badPort.put("INVENTORY_DB_PORT", "five");
        assertThatThrownBy(() -> settings(badPort)).hasMessageContaining("INVENTORY_DB_PORT");

        Map<String, String> badAuth = new java.util.HashMap<>(AWS);
        badAuth.put("INVENTORY_DB_AUTH", "trust");
        assertThatThrownBy(() -> settings(badAuth)).hasMessageContaining("iam or password");
    }

    /** The settings as a function reads them: through its configuration. */
    private static InventoryDatabaseSettings settings(Map<String, String> env) {
        return AppConfig.fromEnvironment(env).inventoryDatabase().orElseThrow();
    }
}
