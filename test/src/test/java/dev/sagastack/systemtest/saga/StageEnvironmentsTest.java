package dev.sagastack.systemtest.saga;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.config.AppContext;
import dev.sagastack.config.EnvironmentVariables;
import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.functions.Functions;
import dev.sagastack.handlers.api.HttpApiHandler;
import dev.sagastack.handlers.migration.SchemaMigrationHandler;
import dev.sagastack.handlers.projection.AccountSummaryProjectionHandler;
import dev.sagastack.handlers.saga.TestContext;
import dev.sagastack.infra.StageConfig;
import dev.sagastack.local.dynamodb.dax.DaxServer;
import dev.sagastack.local.stepfunctions.ExecutionStatus;
import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import dev.sagastack.local.twin.parameters.ParameterServer;
import dev.sagastack.order.NewOrder;
import dev.sagastack.order.OrderLine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.sagastack.systemtest.saga.HttpApiCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tried as a new user would: each stage infra synthesizes (dev, without DAX, without Aurora, without
 * either, prod) deploys functions with an environment of its own. Every Java function of the stage's
 * template is built exactly as Lambda builds it, from exactly the variables the template gives it
 * (their values pointed at the local engines), and then answers one route or runs one step.
 *
 * <p>Every client is the one production builds from the variables: the cursor key is read through the
 * real SSM client from the twin's parameter server (the secret's Parameter Store reference, decrypted),
 * DAX is the real {@code ClusterDaxClient} against the local DAX node (on its plain {@code dax://} port),
 * and the database is the embedded
 * PostgreSQL with password authentication (the template's {@code INVENTORY_DB_AUTH=iam} is checked,
 * then replaced, with {@code INVENTORY_DB_PASSWORD} the one variable added).
 */
class StageEnvironmentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cursor-key-AbC123";
    private static final String SECRET_NAME = "cursor-key";

    static Stream<Arguments> stages() {
        return Stream.of(
                Arguments.of("dev", StageConfig.dev()),
                Arguments.of("dev dax=false", StageConfig.dev().withDax(false)),
                Arguments.of("dev aurora=false", StageConfig.dev().withAurora(false)),
                Arguments.of("dev dax=false aurora=false (the README's cheapest)", StageConfig.dev().withDax(false).withAurora(false)),
                Arguments.of("prod", StageConfig.prod()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stages")
    void everyFunctionOfTheStageStartsFromItsOwnEnvironmentAndAnswers(String name, StageConfig stage) throws Exception {
        List<StageTemplates.DeployedFunction> functions = new ArrayList<>(StageTemplates.functions(stage));
        functions.sort(Comparator.comparingInt(StageEnvironmentsTest::catalogIndex));
        assertThat(functions.stream().map(StageTemplates.DeployedFunction::handlerClass).collect(Collectors.toSet()))
                .as(name).contains(Functions.HTTP_API.handlerClass(), Functions.ACCOUNT_SUMMARY_PROJECTION.handlerClass());
        if (!stage.auroraEnabled()) {
            assertThat(functions).as(name).hasSize(2);
        }

        AtomicInteger cursorKeyReads = new AtomicInteger();
        String cursorKey = Base64.getEncoder().encodeToString(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
                9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
        try (SagaWorld world = new SagaWorld(name.hashCode());
             StepFunctionsServer sfn = StepFunctionsServer.start(world.engine, 0);
             ParameterServer parameters = ParameterServer.start("127.0.0.1", new ParameterServer.Values(Map.of(),
                     Map.of(SECRET_ARN, SECRET_NAME), arn -> {
                         cursorKeyReads.incrementAndGet();
                         return arn.equals(SECRET_ARN) ? Optional.of(cursorKey) : Optional.empty();
                     }));
             DaxServer dax = DaxServer.start(SagaWorld.dynamoApi(), DaxServer.Options.defaults())) {
            Fixture fixture = new Fixture(world, sfn, parameters, dax, cursorKeyReads);
            for (StageTemplates.DeployedFunction function : functions) {
                Map<String, String> env = fixture.localEnvironment(function);
                Object handler = construct(function.handlerClass(), fixture.context(env));
                fixture.exercise(function, handler, stage);
            }
            assertThat(fixture.exercised).as(name).isEqualTo(functions.stream()
                    .map(StageTemplates.DeployedFunction::handlerClass).collect(Collectors.toSet()));
        }
    }

    private static int catalogIndex(StageTemplates.DeployedFunction function) {
        List<FunctionSpec> catalog = Functions.all();
        for (int i = 0; i < catalog.size(); i++) {
            if (catalog.get(i).handlerClass().equals(function.handlerClass())) {
                return i;
            }
        }
        throw new AssertionError("template function " + function.logicalId() + " runs " + function.handlerClass()
                + ", which is not in the catalog");
    }

    /** What Lambda does with the handler string: the class, through its constructor the application provides. */
    private static Object construct(String handlerClass, AppContext app) throws Exception {
        return Class.forName(handlerClass).getConstructor(AppContext.class).newInstance(app);
    }

    /** One stage's local engines and the data its calls need. */
    private static final class Fixture {
        private final SagaWorld world;
        private final StepFunctionsServer sfn;
        private final ParameterServer parameters;
        private final DaxServer dax;
        private final AtomicInteger cursorKeyReads;
        final Set<String> exercised = new java.util.HashSet<>();
        private final String userId;
        private final String accountId;

        Fixture(SagaWorld world, StepFunctionsServer sfn, ParameterServer parameters, DaxServer dax,
                AtomicInteger cursorKeyReads) {
            this.world = world;
            this.sfn = sfn;
            this.parameters = parameters;
            this.dax = dax;
            this.cursorKeyReads = cursorKeyReads;
            world.stock("APPLE", 10);
            userId = world.user("stage-user");
            accountId = world.account(userId, 10_000);
        }

        /** The template's variable names, each with a value for the local engines. */
        Map<String, String> localEnvironment(StageTemplates.DeployedFunction function) {
            Map<String, String> local = world.functionEnvironment;
            Map<String, String> env = new HashMap<>();
            // set by Lambda (and the SDK's endpoint convention, for the twin), not by the template
            env.put("AWS_REGION", SagaWorld.REGION);
            env.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
            env.put("AWS_ENDPOINT_URL_DYNAMODB", local.get("AWS_ENDPOINT_URL_DYNAMODB"));
            env.put("AWS_ENDPOINT_URL_SFN", sfn.endpoint().toString());
            env.put("AWS_ENDPOINT_URL_SSM", parameters.endpoint().toString());
            function.environment().forEach((key, templateValue) -> {
                switch (key) {
                    case EnvironmentVariables.SINGLE_TABLE_NAME, EnvironmentVariables.EVENT_STORE_TABLE_NAME,
                         EnvironmentVariables.INVENTORY_DB_HOST, EnvironmentVariables.INVENTORY_DB_PORT,
                         EnvironmentVariables.INVENTORY_DB_NAME, EnvironmentVariables.INVENTORY_DB_USER ->
                            env.put(key, local.get(key));
                    case EnvironmentVariables.INVENTORY_DB_AUTH -> {
                        assertThat(templateValue).as("AWS connects with IAM tokens").isEqualTo("iam");
                        env.put(key, "password");
                        env.put(EnvironmentVariables.INVENTORY_DB_PASSWORD, local.get(EnvironmentVariables.INVENTORY_DB_PASSWORD));
                    }
                    case EnvironmentVariables.ORDER_SAGA_STATE_MACHINE_ARN -> env.put(key, world.stateMachineArn);
                    // in AWS the stateful stack's daxs:// endpoint, through an SSM parameter read at deploy time
                    case EnvironmentVariables.DAX_ENDPOINT -> env.put(key, dax.endpoint().toString());
                    case EnvironmentVariables.CURSOR_KEY_PARAMETER -> env.put(key, "/aws/reference/secretsmanager/" + SECRET_NAME);
                    default -> {
                        assertThat(templateValue).as(function.logicalId() + " " + key + " needs a local value")
                                .isInstanceOf(String.class);
                        env.put(key, (String) templateValue);
                    }
                }
            });
            return env;
        }

        /** AppConfig from the map, and the clients exactly as production builds them from it. */
        AppContext context(Map<String, String> env) {
            return AppContext.fromEnvironment(env);
        }

        void exercise(StageTemplates.DeployedFunction function, Object handler, StageConfig stage) throws Exception {
            exercised.add(function.handlerClass());
            if (handler instanceof HttpApiHandler api) {
                exerciseApi(api, stage, function);
            } else if (handler instanceof AccountSummaryProjectionHandler projection) {
                world.accounts.open("acc-fixture", "owner-1", "EUR", "open");
                DynamodbEvent event;
                try (InputStream json = getClass().getResourceAsStream("/projection/event-store-stream-batch.json")) {
                    event = LambdaEventSerializers.serializerFor(DynamodbEvent.class, getClass().getClassLoader()).fromJson(json);
                }
                StreamsEventResponse response = projection.handleRequest(event, new TestContext(function.logicalId()));
                assertThat(response.getBatchItemFailures()).isEmpty();
            } else if (handler instanceof SchemaMigrationHandler migration) {
                Map<String, Object> response = migration.handleRequest(Map.of("RequestType", "Create",
                        "ResourceProperties", Map.of()), new TestContext(function.logicalId()));
                assertThat(response).containsEntry("PhysicalResourceId", SchemaMigrationHandler.PHYSICAL_RESOURCE_ID);
            } else {
                exerciseStep(function, (RequestStreamHandler) handler);
            }
        }

        private void exerciseApi(HttpApiHandler api, StageConfig stage, StageTemplates.DeployedFunction function)
                throws Exception {
            assertThat(cursorKeyReads.get()).as("the cursor key is read at its first use, not at construction").isZero();
            api.beforeCheckpoint(null);
            assertThat(cursorKeyReads.get()).as("the cursor key is read from its SSM parameter (SnapStart priming)").isPositive();
            APIGatewayV2HTTPResponse user = call(api, "POST", "/users", "{\"email\":\"new@example.com\",\"displayName\":\"New\"}");
            assertThat(user.getStatusCode()).as(user.getBody()).isEqualTo(201);
            String newUser = JSON.readTree(user.getBody()).get("userId").asText();
            long daxReads = daxReads();
            assertThat(call(api, "GET", "/users/" + newUser, null).getStatusCode()).isEqualTo(200);
            assertThat(daxReads() - daxReads).as("the user display read through the stage's DAX, if any")
                    .isEqualTo(stage.daxEnabled() ? 1 : 0);
            assertThat(call(api, "GET", "/accounts/" + accountId, null).getStatusCode()).isEqualTo(200);
            assertThat(call(api, "POST", "/forum/categories", "{\"categoryId\":\"general\",\"name\":\"General\"}")
                    .getStatusCode()).isEqualTo(201);
            assertThat(call(api, "GET", "/forum/categories", null).getStatusCode()).isEqualTo(200);
            boolean saga = function.environment().containsKey(EnvironmentVariables.ORDER_SAGA_STATE_MACHINE_ARN);
            assertThat(saga).isEqualTo(stage.orderSagaEnabled());
            if (saga) {
                APIGatewayV2HTTPResponse order = call(api, "POST", "/orders", "{\"userId\":\"" + userId + "\",\"accountId\":\""
                        + accountId + "\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"APPLE\",\"quantity\":1,\"unitPrice\":100}]}");
                assertThat(order.getStatusCode()).as(order.getBody()).isEqualTo(202);
                String executionArn = JSON.readTree(order.getBody()).get("executionArn").asText();
                assertThat(world.await(executionArn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
                assertThat(call(api, "GET", "/inventory/APPLE", null).getStatusCode()).isEqualTo(200);
            } else {
                for (String[] route : new String[][] {{"POST", "/orders"}, {"GET", "/orders/o-1"}, {"GET", "/inventory/APPLE"}}) {
                    APIGatewayV2HTTPResponse absent = call(api, route[0], route[1], route[0].equals("POST") ? "{}" : null);
                    JsonNode body = JSON.readTree(absent.getBody());
                    assertThat(absent.getStatusCode()).as(route[0] + " " + route[1]).isEqualTo(404);
                    assertThat(body.get("error").asText()).isEqualTo("NotFound");
                    assertThat(body.get("message").asText()).contains("does not exist in this stage");
                }
            }
        }

        private void exerciseStep(StageTemplates.DeployedFunction function, RequestStreamHandler step) throws Exception {
            String simple = function.handlerClass().substring(function.handlerClass().lastIndexOf('.') + 1);
            String items = "[{\"sku\":\"APPLE\",\"quantity\":1}]";
            String failure = "{\"step\":\"ProcessPayment\",\"error\":\"InsufficientFunds\",\"kind\":\"business\",\"cause\":\"x\"}";
            String payload;
            String field;
            String expected;
            switch (simple) {
                case "ReserveInventoryHandler" -> {
                    payload = "{\"orderId\":\"stage-1\",\"items\":" + items + "}";
                    field = "alreadyReserved";
                    expected = "false";
                }
                case "ReleaseInventoryHandler" -> {
                    payload = "{\"orderId\":\"stage-1\"}";
                    field = "outcome";
                    expected = "RELEASED";
                }
                case "ProcessPaymentHandler" -> {
                    payload = "{\"orderId\":\"stage-1\",\"accountId\":\"" + accountId + "\",\"amount\":100,\"currency\":\"EUR\"}";
                    field = "charged";
                    expected = "100";
                }
                case "RefundPaymentHandler" -> {
                    payload = "{\"orderId\":\"stage-1\",\"accountId\":\"" + accountId + "\",\"amount\":100,\"currency\":\"EUR\"}";
                    field = "outcome";
                    expected = "REFUNDED";
                }
                case "CreateShipmentHandler" -> {
                    payload = "{\"orderId\":\"stage-1\",\"userId\":\"" + userId + "\",\"items\":" + items + "}";
                    field = "orderId";
                    expected = "stage-1";
                }
                case "CancelShipmentHandler" -> {
                    payload = "{\"orderId\":\"stage-1\"}";
                    field = "orderId";
                    expected = "stage-1";
                }
                case "ConfirmOrderHandler" -> {
                    payload = "{\"orderId\":\"" + pendingOrder("stage-2") + "\"}";
                    field = "status";
                    expected = "CONFIRMED";
                }
                case "MarkOrderCancelledHandler" -> {
                    payload = "{\"orderId\":\"" + pendingOrder("stage-3") + "\",\"failure\":" + failure + "}";
                    field = "status";
                    expected = "CANCELLED";
                }
                case "MarkNeedsAttentionHandler" -> {
                    payload = "{\"orderId\":\"" + pendingOrder("stage-4") + "\",\"failure\":" + failure
                            + ",\"compensationFailure\":" + failure.replace("ProcessPayment", "RefundPayment") + "}";
                    field = "status";
                    expected = "NEEDS_ATTENTION";
                }
                default -> throw new AssertionError("no step call for " + function.handlerClass());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            step.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out,
                    new TestContext(function.logicalId()));
            JsonNode result = JSON.readTree(out.toByteArray());
            assertThat(result.get(field).asText()).as(simple + " " + result).isEqualTo(expected);
        }

        private String pendingOrder(String orderId) {
            world.orders.create(new NewOrder(orderId, userId, List.of(new OrderLine("APPLE", 1, 100)), "EUR"));
            return orderId;
        }

        /** Item reads the local DAX node answered, over every table. */
        private long daxReads() {
            return dax.cache().counters().values().stream().mapToLong(c -> c.itemHits() + c.itemMisses()).sum();
        }
    }
}
