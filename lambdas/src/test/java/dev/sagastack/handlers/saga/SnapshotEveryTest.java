package dev.sagastack.handlers.saga;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sagastack.account.AccountService;
import dev.sagastack.account.AccountSettings;
import dev.sagastack.config.AppContext;
import dev.sagastack.config.EnvironmentVariables;
import dev.sagastack.dynamo.DataTables;
import dev.sagastack.dynamo.LocalDynamoDb;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.eventstore.LoadedStream;
import dev.sagastack.eventstore.StreamId;
import dev.sagastack.handlers.api.HttpApiHandler;
import dev.sagastack.inventory.InventoryDatabaseSettings;
import dev.sagastack.inventory.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code SNAPSHOT_EVERY} reaches every function that appends account events: the HTTP API and the
 * payment steps, each built from its environment alone (as Lambda builds them). A snapshot is
 * written once that many events accumulated; by default the head carries the state of every version.
 */
class SnapshotEveryTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    private Map<String, String> environment(DataTables tables, Optional<String> snapshotEvery) {
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", DYNAMO.server().endpoint().toString());
        env.put(EnvironmentVariables.SINGLE_TABLE_NAME, tables.singleTable());
        env.put(EnvironmentVariables.EVENT_STORE_TABLE_NAME, tables.eventStore());
        snapshotEvery.ifPresent(n -> env.put(EnvironmentVariables.SNAPSHOT_EVERY, n));
        return env;
    }

    private Map<String, String> apiEnvironment(DataTables tables, Optional<String> snapshotEvery) {
        Map<String, String> env = environment(tables, snapshotEvery);
        InventoryDatabaseSettings db = TestDatabases.migratedDatabase();
        env.put(EnvironmentVariables.INVENTORY_DB_HOST, db.host());
        env.put(EnvironmentVariables.INVENTORY_DB_PORT, Integer.toString(db.port()));
        env.put(EnvironmentVariables.INVENTORY_DB_NAME, db.database());
        env.put(EnvironmentVariables.INVENTORY_DB_USER, db.user());
        env.put(EnvironmentVariables.INVENTORY_DB_AUTH, "password");
        env.put(EnvironmentVariables.INVENTORY_DB_PASSWORD, db.password().orElseThrow());
        env.put(EnvironmentVariables.ORDER_SAGA_STATE_MACHINE_ARN, "arn:aws:states:us-east-1:123456789012:stateMachine:OrderSaga");
        env.put(EnvironmentVariables.CURSOR_KEY, Base64.getEncoder().encodeToString(new byte[32]));
        return env;
    }

    private static Optional<Long> latestSnapshotVersion(DataTables tables, String accountId) {
        LoadedStream loaded = EventStore.create(DYNAMO.client(), tables.eventStore(), Clock.systemUTC())
                .load(new StreamId(AccountService.AGGREGATE_TYPE, accountId), 100);
        return loaded.snapshot().map(s -> s.version());
    }

    /** Opens an account and makes three deposits through the API: four events. */
    private static String fourEventsThroughTheApi(HttpApiHandler api) {
        String accountId = "acc-" + System.nanoTime();
        assertThat(call(api, "POST", "/accounts", "{\"ownerId\":\"u-1\",\"currency\":\"EUR\",\"commandId\":\"open\","
                + "\"accountId\":\"" + accountId + "\"}").getStatusCode()).isEqualTo(201);
        for (int i = 1; i <= 3; i++) {
            assertThat(call(api, "POST", "/accounts/" + accountId + "/deposits",
                    "{\"amount\":100,\"commandId\":\"d-" + i + "\"}").getStatusCode()).isEqualTo(200);
        }
        return accountId;
    }

    @Test
    void theHttpApiBuiltFromItsEnvironmentSnapshotsEverySnapshotEveryEvents() {
        DataTables tables = DYNAMO.createTables();
        String every3 = fourEventsThroughTheApi(
                new HttpApiHandler(AppContext.fromEnvironment(apiEnvironment(tables, Optional.of("3")))));
        String byDefault = fourEventsThroughTheApi(
                new HttpApiHandler(AppContext.fromEnvironment(apiEnvironment(tables, Optional.empty()))));

        assertThat(latestSnapshotVersion(tables, every3)).isPresent().get().isEqualTo(3L);
        assertThat(latestSnapshotVersion(tables, byDefault)).as("default every %d", AccountSettings.DEFAULT_SNAPSHOT_EVERY)
                .isPresent().get().isEqualTo(4L);
    }

    @Test
    void thePaymentStepsBuiltFromTheirEnvironmentSnapshotEverySnapshotEveryEvents() {
        DataTables tables = DYNAMO.createTables();
        // open and fund (versions 1-2) without snapshots; the charge is version 3, the refund 4
        AccountService setup = AccountService.create(EventStore.create(DYNAMO.client(), tables.eventStore(), Clock.systemUTC()),
                new AccountSettings(50, 8), Clock.systemUTC());
        for (String accountId : new String[] {"acc-rarely", "acc-pay-default", "acc-refund-default"}) {
            setup.open(accountId, "u-1", "EUR", "open");
            setup.deposit(accountId, dev.sagastack.account.Money.of(1_000, "EUR"), "fund");
        }
        Map<String, String> rarely = environment(tables, Optional.of("50"));
        Map<String, String> byDefault = environment(tables, Optional.empty());

        chargeAndRefund(new ProcessPaymentHandler(AppContext.fromEnvironment(rarely)),
                new RefundPaymentHandler(AppContext.fromEnvironment(rarely)), "acc-rarely");
        chargeAndRefund(new ProcessPaymentHandler(AppContext.fromEnvironment(byDefault)),
                new RefundPaymentHandler(AppContext.fromEnvironment(rarely)), "acc-pay-default");
        chargeAndRefund(new ProcessPaymentHandler(AppContext.fromEnvironment(rarely)),
                new RefundPaymentHandler(AppContext.fromEnvironment(byDefault)), "acc-refund-default");

        assertThat(latestSnapshotVersion(tables, "acc-rarely")).as("both with SNAPSHOT_EVERY=50").isEmpty();
        assertThat(latestSnapshotVersion(tables, "acc-pay-default")).as("ProcessPayment by default")
                .isPresent().get().isEqualTo(3L);
        assertThat(latestSnapshotVersion(tables, "acc-refund-default")).as("RefundPayment by default")
                .isPresent().get().isEqualTo(4L);
    }

    private static void chargeAndRefund(ProcessPaymentHandler pay, RefundPaymentHandler refund, String accountId) {
        String orderId = "o-" + accountId;
        assertThat(Invocations.invoke(pay, "ProcessPayment", "{\"orderId\":\"" + orderId + "\",\"accountId\":\"" + accountId
                + "\",\"amount\":300,\"currency\":\"EUR\",\"executionArn\":\"\"}").get("charged").asLong()).isEqualTo(300);
        assertThat(Invocations.invoke(refund, "RefundPayment", "{\"orderId\":\"" + orderId + "\",\"accountId\":\"" + accountId
                + "\",\"currency\":\"EUR\",\"executionArn\":\"\"}").get("refunded").asLong()).isEqualTo(300);
    }

    private static APIGatewayV2HTTPResponse call(HttpApiHandler api, String method, String path, String body) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRawPath(path);
        event.setHeaders(Map.of("content-type", "application/json"));
        event.setBody(body);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        context.setHttp(http);
        event.setRequestContext(context);
        return api.handleRequest(event, new TestContext("HttpApi"));
    }
}
