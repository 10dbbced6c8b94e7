package dev.sagastack.infra;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.config.AppConfig;
import dev.sagastack.config.AppContext;
import dev.sagastack.config.AwsClients;
import dev.sagastack.dynamo.DynamoClients;
import dev.sagastack.functions.Functions;
import dev.sagastack.handlers.api.HttpApiHandler;
import dev.sagastack.handlers.projection.AccountSummaryProjectionHandler;
import dev.sagastack.handlers.saga.CancelShipmentHandler;
import dev.sagastack.handlers.saga.TestContext;
import dev.sagastack.handlers.saga.ConfirmOrderHandler;
import dev.sagastack.handlers.saga.CreateShipmentHandler;
import dev.sagastack.handlers.saga.MarkNeedsAttentionHandler;
import dev.sagastack.handlers.saga.MarkOrderCancelledHandler;
import dev.sagastack.handlers.saga.ProcessPaymentHandler;
import dev.sagastack.handlers.saga.RefundPaymentHandler;
import dev.sagastack.handlers.saga.ReleaseInventoryHandler;
import dev.sagastack.handlers.saga.ReserveInventoryHandler;
import dev.sagastack.inventory.InventoryDatabase;
import dev.sagastack.inventory.InventoryDatabaseSettings;
import dev.sagastack.inventory.SchemaMigrations;
import dev.sagastack.local.dynamodb.DynamoDbServer;
import dev.sagastack.order.NewOrder;
import dev.sagastack.order.OrderLine;
import dev.sagastack.order.OrderRepository;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.schema.TableSpecs;
import dev.sagastack.schema.Tables;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics the functions emit are the ones the alarms and the dashboard read. The emitted side is
 * the Embedded Metric Format JSON real handler invocations print (each saga step and the projection,
 * against the local DynamoDB engine and an embedded PostgreSQL); the read side is the synthesized dev
 * template's {@code AWS::CloudWatch::Alarm} and dashboard metrics. CloudWatch keys a metric by
 * namespace, name and the exact dimension set ("Embedded metric format specification" and "Metrics
 * concepts: Dimensions", CloudWatch User Guide), so the comparison is on all three.
 */
class EmittedMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:OrderSaga:o-1";
    private static final String FAILURE = "\"failure\":{\"step\":\"ProcessPayment\",\"error\":\"InsufficientFunds\","
            + "\"kind\":\"business\",\"cause\":\"no money\"}";

    /** One CloudWatch metric: namespace, name and its dimensions (name to value). */
    record MetricKey(String namespace, String name, Map<String, String> dimensions) {
        MetricKey {
            dimensions = new TreeMap<>(dimensions);
        }
    }

    private static DynamoDbServer server;
    private static DynamoDbClient client;
    private static EmbeddedPostgres postgres;
    private static Set<MetricKey> emitted;

    @BeforeAll
    static void invokeEveryFunctionThatEmits() throws Exception {
        // synthesized first: a jsii kernel started after the handlers have run fails to serialise
        // DataResources' database reference ("Trying to override property 'connections' as a method")
        SynthesizedStage.dev();
        server = DynamoDbServer.start(DynamoDbServer.Options.defaults());
        client = DynamoClients.create(DynamoClients.Settings.local(server.endpoint()));
        client.createTable(TableSpecs.createTableRequest(Tables.SINGLE_TABLE, "single"));
        client.createTable(TableSpecs.createTableRequest(Tables.EVENT_STORE, "events"));
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE inventory");
        }
        InventoryDatabaseSettings inventory = new InventoryDatabaseSettings("localhost", postgres.getPort(), "inventory",
                "postgres", InventoryDatabaseSettings.Auth.PASSWORD, Optional.of("postgres"), null);
        SchemaMigrations.migrate(InventoryDatabase.connectionFactory(inventory));
        AppConfig config = AppConfig.defaults().withTables("single", "events").withInventoryDatabase(inventory);
        AppContext app = new AppContext(config, AwsClients.builder(config).dynamoDb(client).build());
        OrderRepository orders = OrderRepository.create(client, "single", new PageCursors(() -> new byte[32]), Clock.systemUTC());
        for (String id : List.of("o-1", "o-2", "o-3")) {
            orders.create(new NewOrder(id, "u-1", List.of(new OrderLine("SKU-1", 2, 500)), "EUR"));
        }

        emitted = captureEmf(() -> {
            // every step once with a payload it rejects (StepLatency, StepFailures) ...
            List<RequestStreamHandler> steps = List.of(new ReserveInventoryHandler(app), new ReleaseInventoryHandler(app),
                    new ProcessPaymentHandler(app), new RefundPaymentHandler(app), new CreateShipmentHandler(app),
                    new CancelShipmentHandler(app), new ConfirmOrderHandler(app), new MarkOrderCancelledHandler(app),
                    new MarkNeedsAttentionHandler(app));
            for (RequestStreamHandler step : steps) {
                invokeExpectingFailure(step, "{}");
            }
            // ... and the ones that move business counters with a payload they accept
            invoke(new ConfirmOrderHandler(app), payload("o-1", ""));
            invoke(new MarkOrderCancelledHandler(app), payload("o-2", "," + FAILURE));
            invoke(new MarkNeedsAttentionHandler(app), payload("o-3", "," + FAILURE
                    + ",\"compensationFailure\":{\"step\":\"RefundPayment\",\"error\":\"States.Timeout\",\"cause\":\"\"}"));
            invoke(new ReleaseInventoryHandler(app), payload("o-1", ""));
            invoke(new CancelShipmentHandler(app), payload("o-1", ""));
            invoke(new RefundPaymentHandler(app), payload("o-1", ",\"accountId\":\"a-1\""));
            DynamodbEvent batch = new DynamodbEvent();
            batch.setRecords(List.of());
            new AccountSummaryProjectionHandler(app).handleRequest(batch, new TestContext("AccountSummaryProjection"));
            // the API's user read with DAX on a port nothing listens on: served by DynamoDB, counted (with
            // credentials, so it is the closed port the DAX client meets)
            System.setProperty("aws.accessKeyId", "local");
            System.setProperty("aws.secretAccessKey", "local");
            AppConfig api = apiConfig(config);
            try (AwsClients apiClients = AwsClients.builder(api)
                    .dynamoDb(DynamoClients.create(DynamoClients.Settings.local(server.endpoint()))).build()) {
                APIGatewayV2HTTPResponse read = new HttpApiHandler(new AppContext(api, apiClients))
                        .handleRequest(getUser("u-1"), new TestContext("HttpApi"));
                assertThat(read.getStatusCode()).as(read.getBody()).isEqualTo(404);
            }
        });
    }

    @AfterAll
    static void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @DisplayName("every alarm and dashboard metric in the application's namespaces is one a function emits, with the same dimensions")
    void everyReadMetricIsEmitted() {
        SynthesizedStage dev = SynthesizedStage.dev();
        Set<MetricKey> read = readByFunctionsNamespaces(dev.statelessJson());

        assertThat(read).as("alarm and dashboard metrics the functions should emit").isNotEmpty();
        assertThat(emitted).containsAll(read);
    }

    @Test
    @DisplayName("every metric a function emits is on the dashboard (no series nobody reads)")
    void everyEmittedMetricIsRead() {
        Set<MetricKey> read = readByFunctionsNamespaces(SynthesizedStage.dev().statelessJson());

        assertThat(read).containsAll(emitted);
        // one dimension set, the step: what the EMF library would add by default is not emitted
        assertThat(emitted).allSatisfy(m -> assertThat(m.dimensions().keySet()).containsExactly("Step"));
        assertThat(emitted).extracting(m -> m.dimensions().get("Step")).containsAll(
                Functions.sagaSteps().stream().map(s -> s.name()).toList());
    }

    /**
     * Metrics the alarms and the dashboard read, outside the AWS/ namespaces (which AWS services publish)
     * and other than the ones a log metric filter of the same template produces.
     */
    private static Set<MetricKey> readByFunctionsNamespaces(Map<String, Object> template) {
        Set<String> fromFilters = new HashSet<>();
        for (Map<String, Object> filter : Cfn.resources(template, "AWS::Logs::MetricFilter").values()) {
            for (Object t : Cfn.list(Cfn.properties(filter).get("MetricTransformations"))) {
                fromFilters.add(Cfn.map(t).get("MetricNamespace") + "/" + Cfn.map(t).get("MetricName"));
            }
        }
        Set<MetricKey> read = new HashSet<>();
        for (Map<String, Object> alarm : Cfn.resources(template, "AWS::CloudWatch::Alarm").values()) {
            Map<String, Object> p = Cfn.properties(alarm);
            Map<String, String> dimensions = new TreeMap<>();
            if (p.get("Dimensions") != null) {
                for (Object d : Cfn.list(p.get("Dimensions"))) {
                    dimensions.put(String.valueOf(Cfn.map(d).get("Name")), String.valueOf(Cfn.map(d).get("Value")));
                }
            }
            read.add(new MetricKey(String.valueOf(p.get("Namespace")), String.valueOf(p.get("MetricName")), dimensions));
        }
        for (Map<String, Object> dashboard : Cfn.resources(template, "AWS::CloudWatch::Dashboard").values()) {
            JsonNode body = dashboardBody(Cfn.properties(dashboard).get("DashboardBody"));
            for (JsonNode widget : body.get("widgets")) {
                JsonNode metrics = widget.path("properties").path("metrics");
                for (JsonNode metric : metrics) {
                    read.add(dashboardMetric(metric));
                }
            }
        }
        read.removeIf(m -> m.namespace().startsWith("AWS/") || fromFilters.contains(m.namespace() + "/" + m.name()));
        return read;
    }

    /** A dashboard metric array: namespace, name, then dimension name/value pairs, then rendering options. */
    private static MetricKey dashboardMetric(JsonNode metric) {
        List<String> parts = new ArrayList<>();
        for (JsonNode part : metric) {
            if (part.isTextual()) {
                parts.add(part.asText());
            }
        }
        assertThat(parts.size() % 2).as("namespace, name and dimension pairs in %s", metric).isZero();
        Map<String, String> dimensions = new TreeMap<>();
        for (int i = 2; i < parts.size(); i += 2) {
            dimensions.put(parts.get(i), parts.get(i + 1));
        }
        return new MetricKey(parts.get(0), parts.get(1), dimensions);
    }

    /** The body is a Fn::Join of JSON text and references (region, function names); references become text. */
    private static JsonNode dashboardBody(Object body) {
        StringBuilder text = new StringBuilder();
        if (body instanceof String s) {
            text.append(s);
        } else {
            List<Object> join = Cfn.list(Cfn.map(body).get("Fn::Join"));
            for (Object part : Cfn.list(join.get(1))) {
                text.append(part instanceof String s ? s : "REFERENCE");
            }
        }
        try {
            return JSON.readTree(text.toString());
        } catch (IOException e) {
            throw new AssertionError("dashboard body is not JSON: " + text, e);
        }
    }

    /**
     * Every (namespace, metric, dimension set) in the EMF lines printed while {@code invocations} ran: each
     * directive of {@code _aws.CloudWatchMetrics} names the namespace, the dimension sets and the metrics;
     * the dimension values are the root members of the same line.
     */
    private static Set<MetricKey> captureEmf(ThrowingRunnable invocations) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            invocations.run();
        } finally {
            System.setOut(original);
        }
        Set<MetricKey> metrics = new HashSet<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.startsWith("{") || !line.contains("\"_aws\"")) {
                continue;
            }
            JsonNode root = JSON.readTree(line);
            for (JsonNode directive : root.path("_aws").path("CloudWatchMetrics")) {
                String namespace = directive.get("Namespace").asText();
                for (JsonNode dimensionSet : directive.get("Dimensions")) {
                    Map<String, String> dimensions = new TreeMap<>();
                    dimensionSet.forEach(name -> dimensions.put(name.asText(), root.get(name.asText()).asText()));
                    directive.get("Metrics").forEach(m -> metrics.add(new MetricKey(namespace, m.get("Name").asText(), dimensions)));
                }
            }
        }
        assertThat(metrics).as("EMF lines printed by the handlers").isNotEmpty();
        return metrics;
    }

    /** The API's configuration with a cursor key and DAX at a closed port. */
    private static AppConfig apiConfig(AppConfig config) throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        return config.withCursorKey(new AppConfig.CursorKeySource.Inline(Base64.getEncoder().encodeToString(new byte[32])))
                .withDax("dax://127.0.0.1:" + closed);
    }

    private static APIGatewayV2HTTPEvent getUser(String userId) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRawPath("/users/" + userId);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("GET");
        http.setPath(event.getRawPath());
        context.setHttp(http);
        event.setRequestContext(context);
        return event;
    }

    private static String payload(String orderId, String rest) {
        return "{\"orderId\":\"" + orderId + "\",\"userId\":\"u-1\"" + rest + ",\"executionArn\":\"" + EXECUTION + "\"}";
    }

    private static void invoke(RequestStreamHandler handler, String payload) throws IOException {
        handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                new TestContext(handler.getClass().getSimpleName()));
    }

    private static void invokeExpectingFailure(RequestStreamHandler handler, String payload) throws IOException {
        try {
            invoke(handler, payload);
        } catch (RuntimeException expected) {
            return;
        }
        throw new AssertionError(handler.getClass().getSimpleName() + " accepted " + payload);
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
