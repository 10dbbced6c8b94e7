package dev.sagastack.config;

import dev.sagastack.dax.DaxClientFactory;
import dev.sagastack.dynamo.DynamoClients;
import dev.sagastack.inventory.ConnectionFactory;
import dev.sagastack.inventory.InventoryDatabase;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one factory of a container's AWS clients and its database connection, each built on first
 * use and then kept: DynamoDB, DAX (when configured), Step Functions, SSM, and the inventory
 * database's JDBC connection. Every SDK client gets the explicit region and HTTP client
 * ({@link SdkHttp}) and the endpoint of {@link AppConfig#endpoints()}. Tests and hosts replace a
 * client with the builder; the rest stay as production builds them.
 */
public final class AwsClients implements AutoCloseable {

    private final Lazy<DynamoDbClient> dynamoDb;
    private final Lazy<Optional<DynamoDbClient>> dax;
    private final Lazy<SfnClient> stepFunctions;
    private final Lazy<SsmClient> ssm;
    private final Lazy<ConnectionFactory> inventoryConnections;
    private final Lazy<Optional<InventoryDatabase>> inventoryDatabase;

    private AwsClients(Builder b) {
        AppConfig config = b.config;
        dynamoDb = new Lazy<>(b.dynamoDb != null ? b.dynamoDb : () -> DynamoClients.create(new DynamoClients.Settings(
                config.region(), config.endpoints().dynamoDb(), List.of(), Optional.empty())));
        DaxClientFactory daxFactory = b.daxFactory != null ? b.daxFactory : DaxClientFactory.sdk();
        dax = new Lazy<>(() -> config.dax().map(d -> new DeferredDaxClient(() -> daxFactory.create(d.endpoint(), config.region()))));
        stepFunctions = new Lazy<>(b.stepFunctions != null ? b.stepFunctions : () -> {
            SfnClientBuilder builder = SdkHttp.configure(SfnClient.builder()).region(config.region());
            config.endpoints().stepFunctions().ifPresent(builder::endpointOverride);
            return builder.build();
        });
        ssm = new Lazy<>(b.ssm != null ? b.ssm : () -> {
            SsmClientBuilder builder = SdkHttp.configure(SsmClient.builder()).region(config.region());
            config.endpoints().ssm().ifPresent(builder::endpointOverride);
            return builder.build();
        });
        inventoryConnections = new Lazy<>(b.inventoryConnections != null ? b.inventoryConnections
                : () -> InventoryDatabase.connectionFactory(config.requireInventoryDatabase()));
        Lazy<ConnectionFactory> connections = inventoryConnections;
        inventoryDatabase = new Lazy<>(() -> config.inventoryDatabase().isEmpty() && b.inventoryConnections == null
                ? Optional.empty() : Optional.of(InventoryDatabase.connect(connections.get())));
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

    /** The DAX client when {@code DAX_ENDPOINT} is configured, connected at its first read ({@link DeferredDaxClient}). */
    public Optional<DynamoDbClient> dax() {
        return dax.get();
    }

    public SfnClient stepFunctions() {
        return stepFunctions.get();
    }

    public SsmClient ssm() {
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

    public InventoryDatabase requireInventoryDatabase() {
        return inventoryDatabase().orElseThrow(() -> new IllegalStateException(
                "environment variable " + EnvironmentVariables.INVENTORY_DB_HOST + " is required by this function"));
    }

    /** Closes what was built; clients a caller supplied are closed too (the caller handed them over). */
    @Override
    public void close() {
        dynamoDb.ifBuilt(DynamoDbClient::close);
        dax.ifBuilt(d -> d.ifPresent(DynamoDbClient::close));
        stepFunctions.ifBuilt(SfnClient::close);
        ssm.ifBuilt(SsmClient::close);
        inventoryDatabase.ifBuilt(d -> d.ifPresent(InventoryDatabase::close));
    }

    /** Replaces individual clients (tests, hosts); what is not replaced is built from the configuration. */
    public static final class Builder {
        private final AppConfig config;
        private Supplier<DynamoDbClient> dynamoDb;
        private DaxClientFactory daxFactory;
        private Supplier<SfnClient> stepFunctions;
        private Supplier<SsmClient> ssm;
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

        public Builder ssm(SsmClient client) {
            this.ssm = () -> client;
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

        void ifBuilt(Consumer<T> action) {
            T v = value;
            if (v != null) {
                action.accept(v);
            }
        }
    }
}
