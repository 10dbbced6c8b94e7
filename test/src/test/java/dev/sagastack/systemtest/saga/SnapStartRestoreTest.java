package dev.sagastack.systemtest.saga;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.config.AppConfig;
import dev.sagastack.config.AppContext;
import dev.sagastack.config.SsmParameters;
import dev.sagastack.config.AwsClients;
import dev.sagastack.config.EnvironmentVariables;
import dev.sagastack.config.RestoredClients;
import dev.sagastack.config.RestoredClients.Client;
import dev.sagastack.config.RestoredClients.Outcome;
import dev.sagastack.dax.DaxCircuit;
import dev.sagastack.functions.Functions;
import dev.sagastack.handlers.api.HttpApiHandler;
import dev.sagastack.inventory.InventoryDatabase;
import dev.sagastack.local.dynamodb.dax.DaxServer;
import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import dev.sagastack.local.twin.parameters.ParameterServer;
import dev.sagastack.observability.SagaMetrics;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sagastack.systemtest.saga.HttpApiCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SnapStart on the HTTP API function, with every client it has against a real local endpoint: DynamoDB,
 * the DAX node (the real {@code ClusterDaxClient}, built by {@code AwsClients}), Step Functions, SSM (the
 * cursor key, read through the real SSM client from the twin's parameter server) and PostgreSQL. The
 * function is built from its environment and primed as before a snapshot; the restore hook then
 * validates or rebuilds each client (Lambda developer guide, "SnapStart runtime hooks" and "Handling
 * uniqueness with Lambda SnapStart": validate network connections after restore and re-establish them
 * as necessary), and the function still answers. With DAX and Step Functions gone at restore, the hook
 * says so, user reads fall back to DynamoDB (counted as {@code DaxFallbackReads}), and DAX serves again
 * once it is back and the retry interval has passed.
 */
class SnapStartRestoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:CursorKey-a1B2c3";
    private static final String SECRET_NAME = "CursorKey-a1B2c3";

    private final AtomicInteger cursorKeyReads = new AtomicInteger();
    private final byte[] cursorKey = new byte[32];

    @Test
    void restoreValidatesOrRebuildsEveryClientOfTheSnapshotAndTheFunctionAnswers() throws Exception {
        try (SagaWorld world = new SagaWorld(17);
             StepFunctionsServer sfn = StepFunctionsServer.start(world.engine, "127.0.0.1", 0);
             ParameterServer parameters = parameterServer();
             DaxServer dax = DaxServer.start(SagaWorld.dynamoApi(), DaxServer.Options.defaults())) {
            AppContext app = AppContext.fromEnvironment(environment(world, sfn, parameters, dax.endpoint().toString()));
            HttpApiHandler handler = new HttpApiHandler(app);
            assertThat(cursorKeyReads).as("the cursor key is read at its first use, not at construction").hasValue(0);
            handler.beforeCheckpoint(null);
            assertThat(cursorKeyReads).as("the cursor key, read through SSM by the priming").hasValue(1);

            DynamoDbClient dynamo = app.clients().dynamoDb();
            SfnClient stepFunctions = app.clients().stepFunctions();
            SsmParameters ssm = app.clients().ssm();
            DynamoDbClient daxBefore = app.clients().dax().orElseThrow();
            InventoryDatabase database = app.clients().inventoryDatabase().orElseThrow();
            int connections = database.connectionsOpened();
            long daxReadsBefore = daxReads(dax);

            RestoredClients restored = handler.restoreClients();

            assertThat(restored.outcomes()).isEqualTo(Map.of(Client.DYNAMODB, Outcome.VALIDATED,
                    Client.STEP_FUNCTIONS, Outcome.VALIDATED, Client.SSM, Outcome.REBUILT, Client.DAX, Outcome.REBUILT,
                    Client.INVENTORY_DATABASE, Outcome.REOPENED));
            assertThat(app.clients().dynamoDb()).isSameAs(dynamo);
            assertThat(app.clients().stepFunctions()).isSameAs(stepFunctions);
            assertThat(app.clients().ssm()).isNotSameAs(ssm);
            assertThat(app.clients().dax().orElseThrow()).isNotSameAs(daxBefore);
            assertThatThrownBy(() -> daxBefore.getItem(b -> b.tableName("any").key(Map.of())))
                    .as("the snapshot's DAX client is closed").isInstanceOf(RuntimeException.class);
            assertThat(daxReads(dax)).as("the new DAX client was probed").isGreaterThan(daxReadsBefore);
            assertThat(database.connectionsOpened()).as("a new database connection").isEqualTo(connections + 1);

            // the restored copy answers: a user read through DAX, an order whose saga runs, paging with the SSM key
            String userId = world.user("restored");
            String accountId = world.account(userId, 10_000);
            world.stock("PEAR", 5);
            long daxReads = daxReads(dax);
            assertThat(call(handler, "GET", "/users/" + userId, null).getStatusCode()).isEqualTo(200);
            assertThat(daxReads(dax)).as("served by DAX").isGreaterThan(daxReads);
            APIGatewayV2HTTPResponse order = call(handler, "POST", "/orders", "{\"userId\":\"" + userId + "\",\"accountId\":\""
                    + accountId + "\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"PEAR\",\"quantity\":1,\"unitPrice\":100}]}");
            assertThat(order.getStatusCode()).as(order.getBody()).isEqualTo(202);
            assertThat(JSON.readTree(order.getBody()).get("executionArn").asText()).startsWith("arn:aws:states:");
            for (String id : new String[] {"a", "b"}) {
                assertThat(call(handler, "POST", "/forum/categories", "{\"categoryId\":\"" + id + "\",\"name\":\"" + id + "\"}")
                        .getStatusCode()).isEqualTo(201);
            }
            JsonNode first = JSON.readTree(call(handler, "GET", "/forum/categories?limit=1", null).getBody());
            String cursor = first.get("nextCursor").asText();
            assertThat(cursor).isNotBlank();
            assertThat(call(handler, "GET", "/forum/categories?limit=1&cursor=" + cursor, null).getStatusCode()).isEqualTo(200);
            assertThat(cursorKeyReads).as("SSM is not read again after restore").hasValue(1);
        }
    }

    @Test
    void daxAndStepFunctionsGoneAtRestoreAreReportedAndReadsFallBackUntilDaxIsBack() throws Exception {
        MutableClock clock = new MutableClock();
        try (SagaWorld world = new SagaWorld(18);
             ParameterServer parameters = parameterServer()) {
            StepFunctionsServer sfn = StepFunctionsServer.start(world.engine, "127.0.0.1", 0);
            DaxServer dax = DaxServer.start(SagaWorld.dynamoApi(), DaxServer.Options.defaults());
            int daxPort = dax.port();
            AppConfig config = AppConfig.fromEnvironment(environment(world, sfn, parameters, dax.endpoint().toString()));
            HttpApiHandler handler = new HttpApiHandler(new AppContext(config,
                    AwsClients.create(config), clock));
            handler.beforeCheckpoint(null);
            String userId = world.user("fallback");

            dax.close();
            sfn.close();
            RestoredClients restored = handler.restoreClients();

            assertThat(restored.outcomes()).containsEntry(Client.DAX, Outcome.UNREACHABLE)
                    .containsEntry(Client.STEP_FUNCTIONS, Outcome.UNREACHABLE)
                    .containsEntry(Client.DYNAMODB, Outcome.VALIDATED)
                    .containsEntry(Client.INVENTORY_DATABASE, Outcome.REOPENED);

            long started = System.nanoTime();
            String emf = captureStdout(() -> assertThat(call(handler, "GET", "/users/" + userId, null).getStatusCode())
                    .isEqualTo(200));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no wait on DAX once it is known to be gone")
                    .isLessThan(Duration.ofSeconds(1));
            assertThat(emf).contains("\"" + SagaMetrics.DAX_FALLBACK_READS + "\"")
                    .contains("\"" + SagaMetrics.STEP + "\":\"" + Functions.HTTP_API.name() + "\"");

            dax = DaxServer.start(SagaWorld.dynamoApi(), DaxServer.Options.defaults().withPort(daxPort));
            try {
                clock.advance(DaxCircuit.RETRY_AFTER);
                String after = captureStdout(() -> assertThat(call(handler, "GET", "/users/" + userId, null)
                        .getStatusCode()).isEqualTo(200));
                assertThat(daxReads(dax)).as("DAX serves again").isPositive();
                assertThat(after).doesNotContain(SagaMetrics.DAX_FALLBACK_READS);
            } finally {
                dax.close();
            }
        }
    }

    private Map<String, String> environment(SagaWorld world, StepFunctionsServer sfn, ParameterServer parameters,
                                            String daxEndpoint) {
        Map<String, String> env = new HashMap<>(world.functionEnvironment);
        env.put(AppConfig.Endpoints.STEP_FUNCTIONS, sfn.endpoint().toString());
        env.put(AppConfig.Endpoints.SSM, parameters.endpoint().toString());
        env.put(EnvironmentVariables.ORDER_SAGA_STATE_MACHINE_ARN, world.stateMachineArn);
        env.put(EnvironmentVariables.DAX_ENDPOINT, daxEndpoint);
        // infra's CURSOR_KEY grant: the secret through its Parameter Store reference
        env.put(EnvironmentVariables.CURSOR_KEY_PARAMETER, "/aws/reference/secretsmanager/" + SECRET_NAME);
        return env;
    }

    private ParameterServer parameterServer() {
        java.util.Arrays.fill(cursorKey, (byte) 5);
        String base64 = Base64.getEncoder().encodeToString(cursorKey);
        return ParameterServer.start("127.0.0.1", new ParameterServer.Values(Map.of(), Map.of(SECRET_ARN, SECRET_NAME),
                arn -> {
                    cursorKeyReads.incrementAndGet();
                    return arn.equals(SECRET_ARN) ? Optional.of(base64) : Optional.empty();
                }));
    }

    /** Item reads the DAX node answered (hits and misses), over every table. */
    private static long daxReads(DaxServer dax) {
        return dax.cache().counters().values().stream().mapToLong(c -> c.itemHits() + c.itemMisses()).sum();
    }

    private static String captureStdout(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** The function's clock, moved by the test (the DAX circuit's retry interval). */
    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
