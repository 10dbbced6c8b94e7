package dev.sagastack.dynamo;

import dev.sagastack.config.AppConfig;
import dev.sagastack.config.AppContext;
import dev.sagastack.config.AwsClients;
import dev.sagastack.local.dynamodb.DynamoDbServer;
import dev.sagastack.schema.TableSpec;
import dev.sagastack.schema.TableSpecs;
import dev.sagastack.schema.Tables;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded DynamoDB-compatible server per test class, reached through the functions' client
 * ({@link DynamoClients#create}: the SDK's interface and model, signed AWS JSON requests).
 * Register with {@code @RegisterExtension static final LocalDynamoDb DYNAMO = new LocalDynamoDb();}
 * and call {@link #createTables()} for fresh tables (per test, so tests never see each other's items).
 */
public final class LocalDynamoDb implements BeforeAllCallback, AfterAllCallback {

    private static final AtomicInteger TABLES = new AtomicInteger();

    private final DynamoDbServer.Options options;
    private final RoundTripCounter roundTrips = new RoundTripCounter();
    private DynamoDbServer server;
    private DynamoDbClient client;

    public LocalDynamoDb() {
        this(DynamoDbServer.Options.defaults());
    }

    public LocalDynamoDb(DynamoDbServer.Options options) {
        this.options = options;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = DynamoDbServer.start(options);
        client = DynamoClients.create(DynamoClients.Settings.local(server.endpoint()).withRoundTripCounter(roundTrips));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    public DynamoDbClient client() {
        return client;
    }

    public DynamoDbServer server() {
        return server;
    }

    /** Round trips made through {@link #client()} since the last reset. */
    public RoundTripCounter roundTrips() {
        return roundTrips;
    }

    /** A new single table and event store, created from {@link Tables} with unique names. */
    public DataTables createTables() {
        int n = TABLES.incrementAndGet();
        DataTables tables = new DataTables("single-" + n, "events-" + n);
        create(Tables.SINGLE_TABLE, tables.singleTable());
        create(Tables.EVENT_STORE, tables.eventStore());
        return tables;
    }

    /**
     * What a function built over these tables gets: its configuration names them and every DynamoDB call
     * goes through {@link #client()} (counted by {@link #roundTrips()}).
     */
    public AppContext context(DataTables tables) {
        AppConfig config = AppConfig.defaults().withTables(tables.singleTable(), tables.eventStore());
        return new AppContext(config, AwsClients.builder(config).dynamoDb(client).build());
    }

    public void create(TableSpec spec, String name) {
        client.createTable(TableSpecs.createTableRequest(spec, name));
        TableSpecs.timeToLiveRequest(spec, name).ifPresent(client::updateTimeToLive);
    }
}
