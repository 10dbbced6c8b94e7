package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.account.AccountSettings;
import dev.sagastack.dax.ReadRouting;
import dev.sagastack.dynamo.DynamoClients;
import dev.sagastack.dynamo.RoundTripCounter;
import dev.sagastack.inventory.InventoryDatabase;
import dev.sagastack.inventory.TestDatabases;
import dev.sagastack.local.dynamodb.DynamoDbServer;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.saga.handler.TestContext;
import dev.sagastack.schema.TableSpecs;
import dev.sagastack.schema.Tables;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API handler over a real embedded DynamoDB-compatible server and embedded PostgreSQL, with
 * fresh tables and database per fixture. StartExecution goes to {@link RecordingSagaStarter}.
 */
final class ApiFixture implements AutoCloseable {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DynamoDbServer server;

    final DynamoDbClient client;
    final InventoryDatabase inventoryDatabase;
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
     * @param environment given to {@link ReadRouting#fromEnvironment}; with {@code DAX_ENDPOINT} the
     *                    "DAX" client is a second client of the same server, counted apart
     */
    ApiFixture(Map<String, String> environment) {
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        synchronized (ApiFixture.class) {
            if (server == null) {
                server = DynamoDbServer.start(DynamoDbServer.Options.defaults());
            }
        }
        client = DynamoClients.create(DynamoClients.Settings.local(server.endpoint()).withInterceptor(tableTrips));
        daxClient = DynamoClients.create(DynamoClients.Settings.local(server.endpoint()).withInterceptor(daxTrips));
        ReadRouting reads = ReadRouting.fromEnvironment(environment, client, Region.US_EAST_1, (endpoint, region) -> daxClient);
        int n = TABLES.incrementAndGet();
        singleTable = "api-single-" + n;
        String events = "api-events-" + n;
        client.createTable(TableSpecs.createTableRequest(Tables.SINGLE_TABLE, singleTable));
        client.createTable(TableSpecs.createTableRequest(Tables.EVENT_STORE, events));
        inventoryDatabase = InventoryDatabase.connect(InventoryDatabase.connectionFactory(TestDatabases.migratedDatabase()));
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 7);
        handler = new HttpApiHandler(new HttpApiHandler.Dependencies(client, reads, singleTable, events,
                AccountSettings.fromEnvironment(environment),
                new PageCursors(key::clone), inventoryDatabase, saga));
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
        client.close();
        daxClient.close();
        inventoryDatabase.close();
    }

    /** Step Functions' StartExecution name semantics: same name and input → same ARN; other input → 409. */
    static final class RecordingSagaStarter implements SagaStarter {
        final List<String> starts = new ArrayList<>();
        private final Map<String, JsonNode> inputs = new HashMap<>();

        @Override
        public synchronized String start(String executionName, String inputJson) {
            JsonNode input;
            try {
                input = JSON.readTree(inputJson);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            JsonNode existing = inputs.putIfAbsent(executionName, input);
            if (existing != null && !existing.equals(input)) {
                throw ApiException.conflict("ExecutionConflict", "different input", "Idempotency-Key");
            }
            starts.add(inputJson);
            return "arn:aws:states:us-east-1:123456789012:execution:OrderSaga:" + executionName;
        }
    }
}
