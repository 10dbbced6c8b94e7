package dev.sagastack.config;

import dev.sagastack.awsjson.AwsJsonRpc;
import dev.sagastack.dax.DaxClientFactory;
import dev.sagastack.dynamo.DynamoClients;
import dev.sagastack.inventory.ConnectionFactory;
import dev.sagastack.inventory.InventoryDatabase;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import dev.sagastack.schema.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one factory of a container's AWS clients and its database connection, each built on first
 * use and then kept: DynamoDB, DAX (when configured), Step Functions, SSM, and the inventory
 * database's JDBC connection. DynamoDB, Step Functions and SSM are the SDK's interfaces and models sent as
 * signed JSON requests ({@link dev.sagastack.awsjson.AwsJsonRpc}; the SDK's own clients where its endpoint rules
 * must decide: FIPS, dual-stack, other partitions). Every client gets the explicit region and HTTP client
 * ({@link SdkHttp}) and the endpoint of {@link AppConfig#endpoints()}. Tests and hosts replace a
 * client with the builder; the rest stay as production builds them.
 */
public final class AwsClients implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AwsClients.class);
    /** No item, order or execution has this id (ids are generated): reads of it change nothing. */
    private static final String PROBE_ID = "PRIMING";

    private final AppConfig config;
    private final Lazy<DynamoDbClient> dynamoDb;
    private final Lazy<Optional<DynamoDbClient>> dax;
    private final Lazy<SfnClient> stepFunctions;
    private final Lazy<SsmParameters> ssm;
    private final Lazy<ConnectionFactory> inventoryConnections;
    private final Lazy<Optional<InventoryDatabase>> inventoryDatabase;
    private final boolean hasInventoryDatabase;

    private AwsClients(Builder b) {
        AppConfig config = b.config;
        Optional<AwsCredentialsProvider> credentials = credentialsProvider(config);
        // DynamoDB, Step Functions and SSM sign with one provider: the configuration's, else one default chain (a
        // SnapStart function then fetches its container credentials once, not once per client)
        Lazy<AwsCredentialsProvider> signing = new Lazy<>(() ->
                credentials.orElseGet(() -> DefaultCredentialsProvider.builder().build()));
        this.config = config;
        dynamoDb = new Lazy<>(b.dynamoDb != null ? b.dynamoDb : () -> {
            DynamoClients.Settings settings = new DynamoClients.Settings(config.region(), config.endpoints().dynamoDb(),
                    List.of(), Optional.of(signing.get()));
            return config.endpoints().fipsOrDualStack() ? DynamoClients.sdkClient(settings) : DynamoClients.create(settings);
        });
        DaxClientFactory daxFactory = b.daxFactory != null ? b.daxFactory : DaxClientFactory.sdk(credentials);
        dax = new Lazy<>(() -> config.dax().map(d -> daxFactory.create(d.endpoint(), config.region())));
        stepFunctions = new Lazy<>(b.stepFunctions != null ? b.stepFunctions
                : () -> stepFunctionsClient(config, signing.get()));
        ssm = new Lazy<>(b.ssm != null ? b.ssm : () -> new SsmParameters(SdkHttp::current, config.region(),
                config.endpoints().ssm().orElseGet(() -> RegionalEndpoints.regional("ssm", config.region(),
                        config.endpoints().fips(), config.endpoints().dualStack())),
                signing.get()));
        inventoryConnections = new Lazy<>(b.inventoryConnections != null ? b.inventoryConnections
                : () -> InventoryDatabase.connectionFactory(config.requireInventoryDatabase(), credentials));
        Lazy<ConnectionFactory> connections = inventoryConnections;
        hasInventoryDatabase = config.inventoryDatabase().isPresent() || b.inventoryConnections != null;
        inventoryDatabase = new Lazy<>(() -> hasInventoryDatabase
                ? Optional.of(InventoryDatabase.connect(connections.get())) : Optional.empty());
    }

    /**
     * {@link SfnJsonClient} for an explicit endpoint or the standard regional one; the SDK's client with its
     * endpoint rules for FIPS or dual-stack endpoints and for a region outside the aws, aws-cn and aws-us-gov
     * partitions.
     */
    private static SfnClient stepFunctionsClient(AppConfig config, AwsCredentialsProvider credentials) {
        Optional<URI> endpoint = config.endpoints().stepFunctions()
                .or(() -> RegionalEndpoints.standard("states", config.region()));
        if (endpoint.isPresent() && !config.endpoints().fipsOrDualStack()) {
            return new SfnJsonClient(new AwsJsonRpc(SfnJsonClient.SERVICE, SdkHttp::current, config.region(),
                    endpoint.get(), credentials, operation -> { }));
        }
        SfnClientBuilder builder = SdkHttp.configure(SfnClient.builder()).region(config.region())
                .endpointProvider(RegionalEndpoints.stepFunctions()).credentialsProvider(credentials);
        config.endpoints().stepFunctions().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * The configuration's credentials (the execution role's, from the function's environment) for every client; the
     * SDK's default chain when the configuration has none (SnapStart functions get theirs from the container).
     */
    static Optional<AwsCredentialsProvider> credentialsProvider(AppConfig config) {
        return config.credentials().map(c -> {
            AwsCredentials credentials = c.sessionToken().<AwsCredentials>map(t ->
                    AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), t))
                    .orElseGet(() -> AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey()));
            return StaticCredentialsProvider.create(credentials);
        });
    }

    public static AwsClients create(AppConfig config) {
        return builder(config).build();
    }

    public static Builder builder(AppConfig config) {
        return new Builder(config);
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    /**
     * The same DynamoDB client, built at its first call instead of now: for wiring repositories of routes that a
     * function's first request may not use (a read through DAX). {@link #dynamoDb()} builds it at once.
     */
    public DynamoDbClient dynamoDbAtFirstCall() {
        return new DeferredDynamoDb(dynamoDb::get, dynamoDb::isBuilt);
    }

    /** The DAX client when {@code DAX_ENDPOINT} is configured, built at its first use ({@code ReadRouting} asks for it at the first eventually consistent read). */
    public Optional<DynamoDbClient> dax() {
        return dax.get();
    }

    /** Closes the DAX client, if built; the next {@link #dax()} builds a new one. */
    public void renewDax() {
        dax.reset().ifPresent(client -> client.ifPresent(DynamoDbClient::close));
    }

    public SfnClient stepFunctions() {
        return stepFunctions.get();
    }

    /** SSM's GetParameter, the one SSM call the functions make (see {@link SsmParameters}). */
    public SsmParameters ssm() {
        return ssm.get();
    }

    /** How to open a connection to the inventory database (IAM token + TLS in AWS). */
    public ConnectionFactory inventoryConnections() {
        return inventoryConnections.get();
    }

    /** The container's one inventory connection (opened on first ask), when the stage has the database. */
    public Optional<InventoryDatabase> inventoryDatabase() {
        return inventoryDatabase.get();
    }

    /** Whether the stage has the inventory database, known without connecting to it. */
    public boolean hasInventoryDatabase() {
        return hasInventoryDatabase;
    }

    public InventoryDatabase requireInventoryDatabase() {
        return inventoryDatabase().orElseThrow(() -> new IllegalStateException(
                "environment variable " + EnvironmentVariables.INVENTORY_DB_HOST + " is required by this function"));
    }

    /**
     * SnapStart: a restored copy must not trust the connections of the snapshot (Lambda developer
     * guide, "Handling uniqueness with Lambda SnapStart" and "SnapStart runtime hooks": validate network
     * connections and re-establish them as necessary). For each client built before the snapshot:
     * <ul>
     * <li>DynamoDB and Step Functions (held by the repositories and the saga starter): kept, and
     * validated with a read of an id nothing has, which also opens the copy's first connection
     * before the first request needs it; any answer of the service, even a refusal, proves the path;</li>
     * <li>DAX: closed and built anew (its client holds node connections and a cluster-discovery
     * schedule of the snapshot's time); whether it answers is learnt by the read routing's probe;</li>
     * <li>SSM (read once, by the priming, for the cursor key): dropped; a new reader is made if anything
     * asks for it again (nothing calls SSM here);</li>
     * <li>the inventory database: its connection dropped and a new one opened and checked (with a
     * fresh IAM token).</li>
     * </ul>
     * Nothing here throws: an endpoint that does not answer is reported and logged, and the first
     * request meets it with its own retries or fallback.
     */
    public RestoredClients afterRestore() {
        Map<RestoredClients.Client, RestoredClients.Outcome> outcomes = new EnumMap<>(RestoredClients.Client.class);
        dynamoDb.ifBuilt(client -> outcomes.put(RestoredClients.Client.DYNAMODB, validate("DynamoDB", () -> probeTable(client))));
        stepFunctions.ifBuilt(client -> outcomes.put(RestoredClients.Client.STEP_FUNCTIONS,
                validate("Step Functions", () -> probeStepFunctions(client))));
        ssm.reset().ifPresent(client -> {
            // holds no connection of its own: the next read signs with the restored container's credentials
            outcomes.put(RestoredClients.Client.SSM, RestoredClients.Outcome.REBUILT);
        });
        dax.reset().ifPresent(client -> {
            client.ifPresent(DynamoDbClient::close);
            try {
                dax.get();
                outcomes.put(RestoredClients.Client.DAX, RestoredClients.Outcome.REBUILT);
            } catch (RuntimeException e) {
                LOG.warn("DAX client not rebuilt after restore: {}", e.toString());
                outcomes.put(RestoredClients.Client.DAX, RestoredClients.Outcome.UNREACHABLE);
            }
        });
        inventoryDatabase.ifBuilt(database -> database.ifPresent(db -> {
            db.discardConnection();
            boolean answered = validate("inventory database", db::validate) == RestoredClients.Outcome.VALIDATED;
            outcomes.put(RestoredClients.Client.INVENTORY_DATABASE,
                    answered ? RestoredClients.Outcome.REOPENED : RestoredClients.Outcome.UNREACHABLE);
        }));
        return new RestoredClients(outcomes);
    }

    private static RestoredClients.Outcome validate(String name, Runnable probe) {
        try {
            probe.run();
            return RestoredClients.Outcome.VALIDATED;
        } catch (AwsServiceException answered) {
            return RestoredClients.Outcome.VALIDATED; // the service answered: the connection works
        } catch (RuntimeException e) {
            LOG.warn("{} not reachable after restore; the first request tries again: {}", name, e.toString());
            return RestoredClients.Outcome.UNREACHABLE;
        }
    }

    private void probeTable(DynamoDbClient client) {
        Optional<String> table = config.singleTable().or(config::eventStoreTable);
        if (table.isEmpty()) {
            client.listTables(r -> r.limit(1));
            return;
        }
        client.getItem(r -> r.tableName(table.get()).consistentRead(false).key(Map.of(
                Tables.PK, AttributeValue.fromS(PROBE_ID), Tables.SK, AttributeValue.fromS(PROBE_ID))));
    }

    /** DescribeExecution of an execution no order has: ExecutionDoesNotExist is the expected answer. */
    private void probeStepFunctions(SfnClient client) {
        config.orderSaga().ifPresent(saga -> {
            try {
                client.describeExecution(r -> r.executionArn(saga.executionArn(PROBE_ID)));
            } catch (ExecutionDoesNotExistException expected) {
                // answered
            }
        });
    }

    /** Closes what was built; clients a caller supplied are closed too (the caller handed them over). */
    @Override
    public void close() {
        dynamoDb.ifBuilt(DynamoDbClient::close);
        dax.ifBuilt(d -> d.ifPresent(DynamoDbClient::close));
        stepFunctions.ifBuilt(SfnClient::close);
        inventoryDatabase.ifBuilt(d -> d.ifPresent(InventoryDatabase::close));
    }

    /** Replaces individual clients (tests, hosts); what is not replaced is built from the configuration. */
    public static final class Builder {
        private final AppConfig config;
        private Supplier<DynamoDbClient> dynamoDb;
        private DaxClientFactory daxFactory;
        private Supplier<SfnClient> stepFunctions;
        private Supplier<SsmParameters> ssm;
        private Supplier<ConnectionFactory> inventoryConnections;

        private Builder(AppConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        public Builder dynamoDb(DynamoDbClient client) {
            this.dynamoDb = () -> client;
            return this;
        }

        /** How a DAX client is made for the configured endpoint (a stand-in where there is no cluster). */
        public Builder daxFactory(DaxClientFactory factory) {
            this.daxFactory = factory;
            return this;
        }

        public Builder stepFunctions(SfnClient client) {
            this.stepFunctions = () -> client;
            return this;
        }

        public Builder ssm(SsmParameters parameters) {
            this.ssm = () -> parameters;
            return this;
        }

        public Builder inventoryConnections(ConnectionFactory factory) {
            this.inventoryConnections = () -> factory;
            return this;
        }

        public AwsClients build() {
            return new AwsClients(this);
        }
    }

    /** Built once, on first use; Lambda runs one invocation at a time, the twin and tests may not. */
    private static final class Lazy<T> {
        private final Supplier<T> supplier;
        private volatile T value;

        Lazy(Supplier<T> supplier) {
            this.supplier = supplier;
        }

        T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = Objects.requireNonNull(supplier.get());
                        value = v;
                    }
                }
            }
            return v;
        }

        /** Forgets the value (the next {@link #get()} builds a new one) and returns it if there was one. */
        synchronized Optional<T> reset() {
            T v = value;
            value = null;
            return Optional.ofNullable(v);
        }

        boolean isBuilt() {
            return value != null;
        }

        void ifBuilt(Consumer<T> action) {
            T v = value;
            if (v != null) {
                action.accept(v);
            }
        }
    }
}
