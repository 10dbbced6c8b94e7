package dev.sagastack.local.twin;

import dev.sagastack.config.EnvironmentVariables;
import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.local.twin.lambda.FunctionArns;
import dev.sagastack.local.twin.postgres.InventoryPostgres;
import dev.sagastack.observability.InvocationLogging;
import dev.sagastack.schema.Tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables the twin gives its functions: what infra sets in AWS (tables, state machine,
 * inventory database, cursor key), the SDK's standard endpoint variables pointing at the local engines,
 * and Lambda's own reserved variables.
 */
final class TwinEnvironment {

    private static final String SERVICE_NAME = "sagastack";

    private TwinEnvironment() {
    }

    static Map<String, String> shared(URI dynamoDb, URI stepFunctions, String orderSagaArn, InventoryPostgres postgres,
                                      Optional<Path> twinDirectory) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", FunctionArns.REGION);
        env.put("AWS_DEFAULT_REGION", FunctionArns.REGION);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.toString());
        env.put("AWS_ENDPOINT_URL_SFN", stepFunctions.toString());
        env.put(EnvironmentVariables.SINGLE_TABLE_NAME, TwinTables.name(Tables.SINGLE_TABLE));
        env.put(EnvironmentVariables.EVENT_STORE_TABLE_NAME, TwinTables.name(Tables.EVENT_STORE));
        env.put(EnvironmentVariables.ORDER_SAGA_STATE_MACHINE_ARN, orderSagaArn);
        env.putAll(inventoryDatabase(postgres));
        env.put(EnvironmentVariables.CURSOR_KEY, cursorKey(twinDirectory));
        env.put("POWERTOOLS_SERVICE_NAME", SERVICE_NAME);
        env.put("POWERTOOLS_METRICS_NAMESPACE", "sagastack");
        return env;
    }

    /** How the functions reach the inventory database (password authentication, which only loopback allows). */
    static Map<String, String> inventoryDatabase(InventoryPostgres postgres) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", FunctionArns.REGION);
        env.put(EnvironmentVariables.INVENTORY_DB_HOST, "127.0.0.1");
        env.put(EnvironmentVariables.INVENTORY_DB_PORT, Integer.toString(postgres.port()));
        env.put(EnvironmentVariables.INVENTORY_DB_NAME, InventoryPostgres.DATABASE);
        env.put(EnvironmentVariables.INVENTORY_DB_USER, InventoryPostgres.USER);
        env.put(EnvironmentVariables.INVENTORY_DB_AUTH, "password");
        env.put(EnvironmentVariables.INVENTORY_DB_PASSWORD, InventoryPostgres.PASSWORD);
        return env;
    }

    /** Adds the variables Lambda reserves for each function. */
    static Map<String, String> forFunction(Map<String, String> shared, FunctionSpec function) {
        Map<String, String> env = new LinkedHashMap<>(shared);
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        return env;
    }

    /**
     * The SDK reads credentials and region from system properties before the environment; the functions'
     * clients are built in this JVM, so the properties are how they get local values.
     */
    static void configureSdk(URI dynamoDb, URI stepFunctions) {
        System.setProperty("aws.region", FunctionArns.REGION);
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        System.setProperty("aws.endpointUrlDynamodb", dynamoDb.toString());
        System.setProperty("aws.endpointUrlSfn", stepFunctions.toString());
        // the functions' log lines name the service as in AWS (POWERTOOLS_SERVICE_NAME of every function)
        System.setProperty(InvocationLogging.SERVICE_NAME_PROPERTY, SERVICE_NAME);
    }

    /** A cursor signing key; kept in the data directory so cursors stay valid across restarts. */
    private static String cursorKey(Optional<Path> twinDirectory) {
        try {
            if (twinDirectory.isPresent()) {
                Path file = twinDirectory.get().resolve("cursor-key");
                if (Files.exists(file)) {
                    return Files.readString(file, StandardCharsets.UTF_8).trim();
                }
                String key = newKey();
                Files.createDirectories(file.getParent());
                Files.writeString(file, key, StandardCharsets.UTF_8);
                return key;
            }
            return newKey();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
