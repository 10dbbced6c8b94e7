package dev.sagastack.bench.saga;

import dev.sagastack.config.AppConfig;
import dev.sagastack.inventory.InventoryDatabaseSettings;
import dev.sagastack.inventory.internal.RdsIamTokens;

import java.util.Map;

/**
 * Runs against the shaded jar alone: signs an RDS IAM auth token (locally, no network) to prove the
 * trimmed RDS SDK still has everything RdsUtilities needs. Prints the token without its signature.
 */
public final class RdsTokenCheck {

    private RdsTokenCheck() {
    }

    public static void main(String[] args) {
        InventoryDatabaseSettings settings = AppConfig.fromEnvironment(Map.of(
                "INVENTORY_DB_HOST", "proxy.proxy-abc.us-east-1.rds.amazonaws.com",
                "INVENTORY_DB_NAME", "inventory", "INVENTORY_DB_USER", "saga_app", "AWS_REGION", "us-east-1"))
                .requireInventoryDatabase();
        String token = new RdsIamTokens(settings).get();
        if (!token.startsWith("proxy.proxy-abc.us-east-1.rds.amazonaws.com:5432/?") || !token.contains("DBUser=saga_app")
                || !token.contains("X-Amz-Signature=")) {
            throw new IllegalStateException("unexpected token shape: " + token);
        }
        System.out.println("RDS IAM token signed from the shaded jar: " + token.replaceAll("X-Amz-Signature=[0-9a-f]+", "X-Amz-Signature=..."));
    }
}
