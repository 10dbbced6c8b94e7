package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.config.AppConfig;
import dev.sagastack.config.AppContext;
import dev.sagastack.config.AwsClients;
import dev.sagastack.dynamo.DynamoClients;
import dev.sagastack.dynamo.RoundTripCounter;
import dev.sagastack.handlers.api.HttpApiHandler;
import dev.sagastack.handlers.saga.TestContext;
import dev.sagastack.inventory.InventoryDatabase;
import dev.sagastack.inventory.TestDatabases;
import dev.sagastack.local.dynamodb.DynamoDbServer;
import dev.sagastack.schema.TableSpecs;
import dev.sagastack.schema.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API handler over a real embedded DynamoDB-compatible server and embedded PostgreSQL, with
 * fresh tables and database per fixture, built through {@link AppContext} like the function. StartExecution
 * goes to {@link RecordingSagaStarter}.
 */
final class ApiFixture implements AutoCloseable {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DynamoDbServer server;

    static final String STATE_MACHINE_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:OrderSaga";

    final DynamoDbClient client;
    final AwsClients clients;
    final RecordingSagaStarter saga = new RecordingSagaStarter();
    final HttpApiHandler handler;
    final String singleTable;

    /** Round trips of the plain DynamoDB client and of the client that stands in for DAX. */
    final RoundTripCounter tableTrips = new RoundTripCounter();
    final RoundTripCounter daxTrips = new RoundTripCounter();
    private final DynamoDbClient daxClient;

    ApiFixture() {
        this(Map.of());
    }

    /**
     * @param environment read by {@link AppConfig#fromEnvironment} before the fixture adds its tables, state
     *                    machine, cursor key and database; with {@code DAX_ENDPOINT} the "DAX" client is a second
     *                    client of the same server, counted apart
     */
    ApiFixture(Map<String, String> environment) {
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        synchronized (ApiFixture.class) {
            if (server == null) {
                server = DynamoDbServer.start(DynamoDbServer.Options.defaults());
            }
        }
        client = DynamoClients.create(DynamoClients.Settings.local(server.endpoint()).withRoundTripCounter(tableTrips));
        daxClient = DynamoClients.create(DynamoClients.Settings.local(server.endpoint()).withRoundTripCounter(daxTrips));
        int n = TABLES.incrementAndGet();
        singleTable = "api-single-" + n;
        String events = "api-events-" + n;
        client.createTable(TableSpecs.createTableRequest(Tables.SINGLE_TABLE, singleTable));
        client.createTable(TableSpecs.createTableRequest(Tables.EVENT_STORE, events));
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        AppConfig config = AppConfig.fromEnvironment(environment)
                .withTables(singleTable, events)
                .withOrderSaga(STATE_MACHINE_ARN)
                .withCursorKey(new AppConfig.CursorKeySource.Inline(Base64.getEncoder().encodeToString(key)));
        clients = AwsClients.builder(config)
                .dynamoDb(client)
                .daxFactory((endpoint, region) -> daxClient)
                .stepFunctions(saga)
                .inventoryConnections(InventoryDatabase.connectionFactory(TestDatabases.migratedDatabase()))
                .build();
        handler = new HttpApiHandler(new AppContext(config, clients));
    }

    Response call(String method, String path, String body) {
        return call(method, path, body, Map.of(), Map.of());
    }

    Response call(String method, String path, String body, Map<String, String> headers, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("$default");
        event.setRawPath(path);
        event.setRawQueryString(query.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .reduce((a, b) -> a + "&" + b).orElse(""));
        Map<String, String> allHeaders = new HashMap<>();
        allHeaders.put("content-type", "application/json");
        headers.forEach((k, v) -> allHeaders.put(k.toLowerCase(java.util.Locale.ROOT), v));
        event.setHeaders(allHeaders);
        event.setQueryStringParameters(query.isEmpty() ? null : query);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        http.setProtocol("HTTP/1.1");
        http.setSourceIp("127.0.0.1");
        context.setHttp(http);
        context.setRouteKey("$default");
        context.setStage("$default");
        context.setRequestId("req-" + System.nanoTime());
        event.setRequestContext(context);
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new TestContext("HttpApi"));
        try {
            JsonNode json = response.getBody() == null ? null : JSON.readTree(response.getBody());
            return new Response(response.getStatusCode(), response.getHeaders(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Response(int status, Map<String, String> headers, JsonNode body) {
        String error() {
            return body.get("error").asText();
        }

        String field() {
            return body.get("field").isNull() ? null : body.get("field").asText();
        }
    }

    @Override
    public void close() {
        clients.close();
        daxClient.close();
    }

    /**
     * Step Functions' StartExecution name semantics (StartExecution, AWS Step Functions API Reference): same
     * name and input give the same execution; another input gives ExecutionAlreadyExists.
     */
    static final class RecordingSagaStarter implements SfnClient {
        final List<String> starts = new ArrayList<>();
        private final Map<String, String> inputs = new HashMap<>();

        @Override
        public synchronized StartExecutionResponse startExecution(StartExecutionRequest request) {
            String existing = inputs.putIfAbsent(request.name(), request.input());
            if (existing != null && !sameJson(existing, request.input())) {
                throw ExecutionAlreadyExistsException.builder().message("Execution Already Exists: '"
                        + executionArn(request) + "'").build();
            }
            starts.add(request.input());
            return StartExecutionResponse.builder().executionArn(executionArn(request)).build();
        }

        @Override
        public synchronized DescribeExecutionResponse describeExecution(DescribeExecutionRequest request) {
            String name = request.executionArn().substring(request.executionArn().lastIndexOf(':') + 1);
            return DescribeExecutionResponse.builder().executionArn(request.executionArn()).name(name)
                    .input(inputs.get(name)).build();
        }

        private static String executionArn(StartExecutionRequest request) {
            return request.stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + request.name();
        }

        private static boolean sameJson(String a, String b) {
            try {
                return JSON.readTree(a).equals(JSON.readTree(b));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String serviceName() {
            return "states";
        }

        @Override
        public void close() {
        }
    }
}
