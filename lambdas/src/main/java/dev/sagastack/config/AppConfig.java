package dev.sagastack.config;

import dev.sagastack.account.AccountSettings;
import dev.sagastack.inventory.InventoryDatabaseSettings;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A function's configuration, read once, from its environment variables: the only place the
 * application reads them. Capabilities a stage may leave out (the order saga, the inventory
 * database, DAX, the cursor key) are optional here, and a function serves what its configuration
 * has: infra gives each function only what it is granted ({@code ApplicationFunctions}).
 *
 * @param region            {@code AWS_REGION} (Lambda always sets it)
 * @param endpoints         the SDK's standard per-service endpoint variables; empty in AWS
 * @param singleTable       {@code SINGLE_TABLE_NAME}
 * @param eventStoreTable   {@code EVENT_STORE_TABLE_NAME}
 * @param accounts          snapshot interval ({@code SNAPSHOT_EVERY}) and the account service's limits
 * @param orderSaga         {@code ORDER_SAGA_STATE_MACHINE_ARN}: absent in a stage without the saga
 * @param inventoryDatabase {@code INVENTORY_DB_*}: absent in a stage without Aurora
 * @param dax               {@code DAX_ENDPOINT}: absent means plain DynamoDB reads
 * @param cursorKey         {@code CURSOR_KEY} (twin) or {@code CURSOR_KEY_PARAMETER} (AWS)
 * @param credentials       {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}: the
 *                          execution role's credentials as Lambda sets them; absent means the SDK's default chain
 */
public record AppConfig(Region region, Endpoints endpoints, Optional<String> singleTable,
                        Optional<String> eventStoreTable, AccountSettings accounts, Optional<OrderSaga> orderSaga,
                        Optional<InventoryDatabaseSettings> inventoryDatabase, Optional<Dax> dax,
                        Optional<CursorKeySource> cursorKey, Optional<RoleCredentials> credentials) {

    private static final String REGION = "AWS_REGION";
    private static final String DEFAULT_REGION = "us-east-1";

    public AppConfig {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(accounts, "accounts");
        singleTable = Objects.requireNonNull(singleTable, "singleTable").filter(s -> !s.isBlank());
        eventStoreTable = Objects.requireNonNull(eventStoreTable, "eventStoreTable").filter(s -> !s.isBlank());
        Objects.requireNonNull(orderSaga, "orderSaga");
        Objects.requireNonNull(inventoryDatabase, "inventoryDatabase");
        Objects.requireNonNull(dax, "dax");
        Objects.requireNonNull(cursorKey, "cursorKey");
        Objects.requireNonNull(credentials, "credentials");
    }

    /** The function's credentials from its environment (Lambda Developer Guide, "Defined runtime environment variables"). */
    public record RoleCredentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
        static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
        static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
        static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";

        @Override
        public String toString() {
            return "RoleCredentials[" + accessKeyId + ", ***]"; // never print the secret
        }
    }

    /**
     * The SDK's endpoint variables: per service ({@code AWS_ENDPOINT_URL_DYNAMODB}, {@code _SFN}, {@code _SSM}), else
     * the global {@code AWS_ENDPOINT_URL} (the SDKs' precedence, "Service-specific endpoints" in the AWS SDKs and
     * Tools reference guide); the twin points them at its local engines. {@code fips} and {@code dualStack} are
     * {@code AWS_USE_FIPS_ENDPOINT} and {@code AWS_USE_DUALSTACK_ENDPOINT} set to true: the SDK's endpoint rules, in
     * its own clients, decide those endpoints of DynamoDB and Step Functions, the SDK's endpoint metadata SSM's.
     */
    public record Endpoints(Optional<URI> dynamoDb, Optional<URI> stepFunctions, Optional<URI> ssm,
                            boolean fips, boolean dualStack) {
        public static final String DYNAMODB = "AWS_ENDPOINT_URL_DYNAMODB";
        public static final String STEP_FUNCTIONS = "AWS_ENDPOINT_URL_SFN";
        public static final String SSM = "AWS_ENDPOINT_URL_SSM";
        public static final String ALL_SERVICES = "AWS_ENDPOINT_URL";
        public static final String USE_FIPS = "AWS_USE_FIPS_ENDPOINT";
        public static final String USE_DUAL_STACK = "AWS_USE_DUALSTACK_ENDPOINT";

        public Endpoints(Optional<URI> dynamoDb, Optional<URI> stepFunctions, Optional<URI> ssm) {
            this(dynamoDb, stepFunctions, ssm, false, false);
        }

        /** A FIPS or dual-stack endpoint is asked for. */
        public boolean fipsOrDualStack() {
            return fips || dualStack;
        }

        public static Endpoints none() {
            return new Endpoints(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * The order saga's state machine. Executions are named after the order id, so an order's execution
     * ARN follows from the state machine ARN (Step Functions ARN format:
     * {@code arn:partition:states:region:account:stateMachine:name} and
     * {@code arn:partition:states:region:account:execution:name:executionName}).
     */
    public record OrderSaga(String stateMachineArn) {
        private static final String MARKER = ":stateMachine:";

        public OrderSaga {
            if (stateMachineArn == null || !stateMachineArn.startsWith("arn:") || !stateMachineArn.contains(":states:")
                    || !stateMachineArn.contains(MARKER)) {
                throw new IllegalStateException(EnvironmentVariables.ORDER_SAGA_STATE_MACHINE_ARN
                        + " is not a state machine ARN: " + stateMachineArn);
            }
        }

        public String executionArn(String executionName) {
            return stateMachineArn.replace(MARKER, ":execution:") + ":" + executionName;
        }
    }

    /** A DAX cluster endpoint: {@code dax://} (plain) or {@code daxs://} (TLS). */
    public record Dax(String endpoint) {
        public Dax {
            if (endpoint == null || !(endpoint.startsWith("dax://") || endpoint.startsWith("daxs://"))) {
                throw new IllegalStateException(EnvironmentVariables.DAX_ENDPOINT
                        + " must be a dax:// or daxs:// cluster endpoint, was " + endpoint);
            }
        }
    }

    /** Where the key that signs pagination cursors comes from. */
    public sealed interface CursorKeySource {
        /** The key itself, base64 (the twin). */
        record Inline(String base64) implements CursorKeySource {
            @Override
            public String toString() {
                return "Inline[***]"; // never print the key
            }
        }

        /** An SSM (SecureString) parameter holding the key, base64 (AWS). */
        record Parameter(String name) implements CursorKeySource {
        }
    }

    /** Nothing configured but the default region: tests and tools add what they use. */
    public static AppConfig defaults() {
        return new AppConfig(Region.of(DEFAULT_REGION), Endpoints.none(), Optional.empty(), Optional.empty(),
                AccountSettings.defaults(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /**
     * Reads a function's environment. A capability whose variables are all absent is absent; one whose
     * variables are present but wrong fails here, at container start, naming the variable.
     *
     * @throws IllegalStateException or IllegalArgumentException for a malformed value
     */
    public static AppConfig fromEnvironment(Map<String, String> env) {
        Region region = Region.of(value(env, REGION).orElse(DEFAULT_REGION));
        Optional<URI> everyService = uri(env, Endpoints.ALL_SERVICES);
        Endpoints endpoints = new Endpoints(uri(env, Endpoints.DYNAMODB).or(() -> everyService),
                uri(env, Endpoints.STEP_FUNCTIONS).or(() -> everyService), uri(env, Endpoints.SSM).or(() -> everyService),
                flag(env, Endpoints.USE_FIPS), flag(env, Endpoints.USE_DUAL_STACK));
        return new AppConfig(region, endpoints,
                value(env, EnvironmentVariables.SINGLE_TABLE_NAME),
                value(env, EnvironmentVariables.EVENT_STORE_TABLE_NAME),
                accountSettings(env),
                value(env, EnvironmentVariables.ORDER_SAGA_STATE_MACHINE_ARN).map(OrderSaga::new),
                inventoryDatabase(env, region),
                value(env, EnvironmentVariables.DAX_ENDPOINT).map(Dax::new),
                cursorKey(env), credentials(env));
    }

    public String requireSingleTable() {
        return singleTable.orElseThrow(() -> missing(EnvironmentVariables.SINGLE_TABLE_NAME));
    }

    public String requireEventStoreTable() {
        return eventStoreTable.orElseThrow(() -> missing(EnvironmentVariables.EVENT_STORE_TABLE_NAME));
    }

    public InventoryDatabaseSettings requireInventoryDatabase() {
        return inventoryDatabase.orElseThrow(() -> missing(EnvironmentVariables.INVENTORY_DB_HOST));
    }

    public AppConfig withRegion(Region value) {
        return new AppConfig(value, endpoints, singleTable, eventStoreTable, accounts, orderSaga, inventoryDatabase, dax, cursorKey,
                credentials);
    }

    public AppConfig withEndpoints(Endpoints value) {
        return new AppConfig(region, value, singleTable, eventStoreTable, accounts, orderSaga, inventoryDatabase, dax, cursorKey,
                credentials);
    }

    public AppConfig withTables(String single, String eventStore) {
        return new AppConfig(region, endpoints, Optional.ofNullable(single), Optional.ofNullable(eventStore), accounts,
                orderSaga, inventoryDatabase, dax, cursorKey,
                credentials);
    }

    public AppConfig withAccounts(AccountSettings value) {
        return new AppConfig(region, endpoints, singleTable, eventStoreTable, value, orderSaga, inventoryDatabase, dax, cursorKey,
                credentials);
    }

    public AppConfig withOrderSaga(String stateMachineArn) {
        return new AppConfig(region, endpoints, singleTable, eventStoreTable, accounts,
                Optional.of(new OrderSaga(stateMachineArn)), inventoryDatabase, dax, cursorKey,
                credentials);
    }

    public AppConfig withInventoryDatabase(InventoryDatabaseSettings value) {
        return new AppConfig(region, endpoints, singleTable, eventStoreTable, accounts, orderSaga, Optional.of(value), dax, cursorKey,
                credentials);
    }

    public AppConfig withDax(String endpoint) {
        return new AppConfig(region, endpoints, singleTable, eventStoreTable, accounts, orderSaga, inventoryDatabase,
                Optional.of(new Dax(endpoint)), cursorKey, credentials);
    }

    public AppConfig withCursorKey(CursorKeySource value) {
        return new AppConfig(region, endpoints, singleTable, eventStoreTable, accounts, orderSaga, inventoryDatabase, dax,
                Optional.of(value), credentials);
    }

    private static Optional<RoleCredentials> credentials(Map<String, String> env) {
        Optional<String> key = value(env, RoleCredentials.ACCESS_KEY_ID);
        Optional<String> secret = value(env, RoleCredentials.SECRET_ACCESS_KEY);
        if (key.isEmpty() || secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RoleCredentials(key.get(), secret.get(), value(env, RoleCredentials.SESSION_TOKEN)));
    }

    private static AccountSettings accountSettings(Map<String, String> env) {
        Optional<String> every = value(env, EnvironmentVariables.SNAPSHOT_EVERY);
        if (every.isEmpty()) {
            return AccountSettings.defaults();
        }
        int snapshotEvery;
        try {
            snapshotEvery = Integer.parseInt(every.get());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(EnvironmentVariables.SNAPSHOT_EVERY + " is not a number: " + every.get());
        }
        return new AccountSettings(snapshotEvery, AccountSettings.DEFAULT_MAX_ATTEMPTS);
    }

    /** Present when any {@code INVENTORY_DB_*} variable is: a partial configuration fails, naming what is missing. */
    private static Optional<InventoryDatabaseSettings> inventoryDatabase(Map<String, String> env, Region region) {
        boolean any = env.keySet().stream().anyMatch(k -> k.startsWith("INVENTORY_DB_") && value(env, k).isPresent());
        if (!any) {
            return Optional.empty();
        }
        String authName = value(env, EnvironmentVariables.INVENTORY_DB_AUTH).orElse("iam");
        InventoryDatabaseSettings.Auth auth = switch (authName.toLowerCase(Locale.ROOT)) {
            case "iam" -> InventoryDatabaseSettings.Auth.IAM;
            case "password" -> InventoryDatabaseSettings.Auth.PASSWORD;
            default -> throw new IllegalArgumentException(EnvironmentVariables.INVENTORY_DB_AUTH
                    + " must be iam or password, was " + authName);
        };
        String portText = value(env, EnvironmentVariables.INVENTORY_DB_PORT).orElse("5432");
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(EnvironmentVariables.INVENTORY_DB_PORT + " is not a port: " + portText, e);
        }
        return Optional.of(new InventoryDatabaseSettings(
                required(env, EnvironmentVariables.INVENTORY_DB_HOST),
                port,
                required(env, EnvironmentVariables.INVENTORY_DB_NAME),
                required(env, EnvironmentVariables.INVENTORY_DB_USER),
                auth,
                value(env, EnvironmentVariables.INVENTORY_DB_PASSWORD),
                value(env, REGION).orElse(null)));
    }

    private static Optional<CursorKeySource> cursorKey(Map<String, String> env) {
        Optional<CursorKeySource> inline = value(env, EnvironmentVariables.CURSOR_KEY).map(CursorKeySource.Inline::new);
        return inline.isPresent() ? inline
                : value(env, EnvironmentVariables.CURSOR_KEY_PARAMETER).map(CursorKeySource.Parameter::new);
    }

    /** {@code true} or {@code false} in any case, as the SDK reads its boolean variables. */
    private static boolean flag(Map<String, String> env, String name) {
        return value(env, name).map(text -> {
            if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                throw new IllegalStateException(name + " must be true or false: " + text);
            }
            return Boolean.parseBoolean(text);
        }).orElse(false);
    }

    private static Optional<URI> uri(Map<String, String> env, String name) {
        return value(env, name).map(text -> {
            try {
                return URI.create(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(name + " is not a URI: " + text, e);
            }
        });
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static String required(Map<String, String> env, String name) {
        return value(env, name).orElseThrow(() -> new IllegalArgumentException("environment variable " + name + " is required"));
    }

    private static IllegalStateException missing(String name) {
        return new IllegalStateException("environment variable " + name + " is required by this function");
    }
}
