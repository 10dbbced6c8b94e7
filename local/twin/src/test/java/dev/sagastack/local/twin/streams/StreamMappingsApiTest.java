package dev.sagastack.local.twin.streams;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.local.twin.gateway.HttpApiEvents;
import dev.sagastack.local.twin.gateway.HttpApiGateway;
import dev.sagastack.local.twin.gateway.RouteAuthorization;
import dev.sagastack.local.twin.gateway.RouteTable;
import dev.sagastack.local.twin.http.TwinHttpServer;
import dev.sagastack.local.twin.lambda.FunctionDefinition;
import dev.sagastack.local.twin.lambda.LambdaHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.sagastack.local.twin.streams.LocalEventStore.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The twin's endpoints for stream mappings, through HTTP against a mapping reading a real stream: a failing
 * projection's records end as a message of the template's on-failure queue, a redrive processes them once
 * the function works again, and a stalled poller is a fault only {@code --allow-faults} offers.
 */
class StreamMappingsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "twin-event-store";
    private static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:Sagastack-dev-Stateless-ProjectionsDLQ";

    private final AtomicBoolean down = new AtomicBoolean(true);
    private final List<String> processed = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = HttpClient.newHttpClient();
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    private LocalEventStore store;
    private DynamoDbClient dynamo;
    private DynamoDbStreamsClient streams;
    private LambdaHost lambdas;
    private EventSourceMapping mapping;
    private TwinHttpServer api;

    @BeforeEach
    void start() {
        store = LocalEventStore.start(TABLE);
        dynamo = store.dynamo();
        streams = store.streams();
        RequestHandler<DynamodbEvent, StreamsEventResponse> projection = new RequestHandler<>() {
            @Override
            public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
                if (down.get()) {
                    throw new IllegalStateException("projection store unavailable");
                }
                event.getRecords().forEach(r -> processed.add(r.getDynamodb().getKeys().get("SK").getS()));
                return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
            }
        };
        lambdas = new LambdaHost(List.of(new FunctionDefinition("AccountSummaryProjection", env -> projection,
                Duration.ofSeconds(5), 512, Map.of())), quiet);
        DeadLetterStore deadLetters = DeadLetterStore.inMemory();
        mapping = new EventSourceMapping(new EventSourceMappingConfig(TABLE, "AccountSummaryProjection", 100,
                Duration.ZERO, true, 1, true, List.of()).with(EventSourceMappingConfig.StartingPosition.TRIM_HORIZON,
                Optional.of(Duration.ofHours(24)), Optional.of(QUEUE)), dynamo, streams, lambdas, deadLetters,
                Checkpoints.inMemory(), Clock.systemUTC(), quiet);
        mapping.start();
        api = TwinHttpServer.start("127.0.0.1", 0, new HttpApiGateway(new RouteTable(List.of()), RouteAuthorization.none(List.of()),
                        new HttpApiEvents("000000000000", "twinapi001", "us-east-1"), lambdas, "", Clock.systemUTC()),
                List.of(new StreamMappingsApi(List.of(mapping), deadLetters, true)));
    }

    @AfterEach
    void stop() {
        api.close();
        mapping.close();
        lambdas.close();
        store.close();
    }

    @Test
    void aFailedRecordIsAMessageOfTheOnFailureQueueAndARedriveProcessesIt() throws Exception {
        dynamo.putItem(b -> b.tableName(TABLE).item(Map.of("PK", AttributeValue.fromS("AGG#Account#a"),
                "SK", AttributeValue.fromS("EVT#0000000001"))));
        await(() -> get("/_local/api/queues").get(0).get("ApproximateNumberOfMessages").asInt() == 1);

        JsonNode messages = get("/_local/api/queues/messages?queueArn=" + URLEncoder.encode(QUEUE, StandardCharsets.UTF_8))
                .get("Messages");
        assertThat(messages).hasSize(1);
        JsonNode body = JSON.readTree(messages.get(0).get("Body").asText());
        assertThat(body.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(body.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(2);
        assertThat(body.at("/DDBStreamBatchInfo/batchSize").asInt()).isEqualTo(1);
        assertThat(get("/_local/api/mappings").get(0).get("openDeadLetters").asInt()).isEqualTo(1);
        assertThat(send("GET", "/_local/api/queues/messages?queueArn=arn:aws:sqs:us-east-1:000000000000:nope", null)
                .statusCode()).isEqualTo(400);

        HttpResponse<String> stillDown = send("POST", StreamMappingsApi.REDRIVE, "{}");
        assertThat(JSON.readTree(stillDown.body()).get("failed").asInt()).isEqualTo(1);
        down.set(false);
        JsonNode redriven = JSON.readTree(send("POST", StreamMappingsApi.REDRIVE, "{\"function\":\"AccountSummary\"}").body());

        assertThat(redriven.get("redriven").asInt()).isEqualTo(1);
        assertThat(redriven.get("open").asInt()).isZero();
        assertThat(processed).containsExactly("EVT#0000000001");
        assertThat(JSON.readTree(send("POST", StreamMappingsApi.REDRIVE, "{}").body()).get("redriven").asInt())
                .as("a redriven letter is not sent again").isZero();
    }

    @Test
    void theStallFaultPausesThePollerAndRejectsBadRequests() throws Exception {
        down.set(false);
        assertThat(send("POST", StreamMappingsApi.STALL, "{\"function\":\"AccountSummary\",\"seconds\":0}").statusCode())
                .isEqualTo(400);
        assertThat(send("POST", StreamMappingsApi.STALL, "{\"function\":\"Nope\",\"seconds\":3}").statusCode())
                .isEqualTo(400);
        assertThat(send("POST", StreamMappingsApi.STALL, "[1]").statusCode()).isEqualTo(400);

        assertThat(send("POST", StreamMappingsApi.STALL, "{\"function\":\"AccountSummary\",\"seconds\":2}").statusCode())
                .isEqualTo(201);
        dynamo.putItem(b -> b.tableName(TABLE).item(Map.of("PK", AttributeValue.fromS("AGG#Account#b"),
                "SK", AttributeValue.fromS("EVT#0000000001"))));
        Thread.sleep(1_000);
        assertThat(processed).isEmpty();
        assertThat(get("/_local/api/mappings").get(0).get("pausedSeconds").asDouble()).isPositive();
        await(() -> processed.size() == 1);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send("GET", path, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
