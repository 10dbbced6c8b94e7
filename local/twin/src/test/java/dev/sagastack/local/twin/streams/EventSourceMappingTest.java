package dev.sagastack.local.twin.streams;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sagastack.local.twin.streams.LocalEventStore.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The mapping reading a real stream of the embedded DynamoDB server through the SDK's Streams client. */
class EventSourceMappingTest {

    private static final String TABLE = "twin-event-store";

    private final List<DynamodbEvent.DynamodbStreamRecord> delivered = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    private LocalEventStore store;
    private DynamoDbClient dynamo;
    private DynamoDbStreamsClient streams;
    private LambdaHost lambdas;
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @BeforeEach
    void start() {
        store = LocalEventStore.start(TABLE);
        dynamo = store.dynamo();
        streams = store.streams();
        RequestHandler<DynamodbEvent, StreamsEventResponse> recorder = new RequestHandler<>() {
            @Override
            public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
                batchSizes.add(event.getRecords().size());
                delivered.addAll(event.getRecords());
                return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
            }
        };
        lambdas = new LambdaHost(List.of(new FunctionDefinition("Projection", env -> recorder, Duration.ofSeconds(5), 512, Map.of())), quiet);
    }

    @AfterEach
    void stop() {
        lambdas.close();
        store.close();
    }

    private EventSourceMapping mapping(int batchSize, List<String> filters, Checkpoints checkpoints) {
        return mapping(batchSize, filters, checkpoints, EventSourceMappingConfig.StartingPosition.TRIM_HORIZON);
    }

    private EventSourceMapping mapping(int batchSize, List<String> filters, Checkpoints checkpoints,
                                       EventSourceMappingConfig.StartingPosition position) {
        EventSourceMapping mapping = new EventSourceMapping(new EventSourceMappingConfig(TABLE, "Projection", batchSize,
                Duration.ZERO, true, 2, true, filters).with(position, Optional.empty(), Optional.empty()), dynamo, streams,
                lambdas, DeadLetterStore.inMemory(), checkpoints, Clock.systemUTC(), quiet);
        mapping.start();
        return mapping;
    }

    private void put(String pk, String sk, int version) {
        dynamo.putItem(b -> b.tableName(TABLE).item(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk),
                "version", AttributeValue.fromN(Integer.toString(version)))));
    }

    @Test
    void deliversEveryRecordOnceInWriteOrderWithTheStreamArnAndImages() throws Exception {
        try (EventSourceMapping ignored = mapping(100, List.of(), Checkpoints.inMemory())) {
            for (int i = 1; i <= 30; i++) {
                put("AGG#account#a", "EVT#%010d".formatted(i), i);
            }
            dynamo.deleteItem(b -> b.tableName(TABLE).key(Map.of("PK", AttributeValue.fromS("AGG#account#a"),
                    "SK", AttributeValue.fromS("EVT#0000000001"))));
            await(() -> delivered.size() >= 31);
        }

        assertThat(delivered).hasSize(31);
        List<String> sequence = delivered.stream().map(r -> r.getDynamodb().getSequenceNumber()).toList();
        assertThat(sequence).doesNotHaveDuplicates();
        assertThat(sequence).isSortedAccordingTo((a, b) -> new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b)));
        DynamodbEvent.DynamodbStreamRecord first = delivered.get(0);
        assertThat(first.getEventName()).isEqualTo("INSERT");
        assertThat(first.getEventSource()).isEqualTo("aws:dynamodb");
        assertThat(first.getEventSourceARN()).contains(":table/" + TABLE + "/stream/");
        assertThat(first.getDynamodb().getNewImage().get("version").getN()).isEqualTo("1");
        assertThat(first.getDynamodb().getKeys().get("SK").getS()).isEqualTo("EVT#0000000001");
        assertThat(delivered.get(30).getEventName()).isEqualTo("REMOVE");
    }

    @Test
    void batchesHoldAtMostBatchSizeRecords() throws Exception {
        for (int i = 1; i <= 25; i++) {
            put("AGG#account#b", "EVT#%010d".formatted(i), i);
        }
        try (EventSourceMapping ignored = mapping(10, List.of(), Checkpoints.inMemory())) {
            await(() -> delivered.size() >= 25);
        }

        assertThat(batchSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(10));
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(25);
    }

    @Test
    void filteredOutRecordsAreSkippedButCheckpointed() throws Exception {
        Checkpoints checkpoints = Checkpoints.inMemory();
        try (EventSourceMapping ignored = mapping(100, List.of("{\"dynamodb\":{\"Keys\":{\"PK\":{\"S\":[{\"prefix\":\"AGG#account#\"}]}}}}"), checkpoints)) {
            put("AGG#other#x", "EVT#0000000001", 1);
            put("AGG#account#c", "EVT#0000000001", 1);
            await(() -> delivered.size() >= 1);
        }

        assertThat(delivered).singleElement()
                .satisfies(r -> assertThat(r.getDynamodb().getKeys().get("PK").getS()).isEqualTo("AGG#account#c"));
    }

    @Test
    void aRestartedMappingResumesAfterItsCheckpoint() throws Exception {
        Checkpoints checkpoints = Checkpoints.inMemory();
        try (EventSourceMapping ignored = mapping(100, List.of(), checkpoints)) {
            put("AGG#account#d", "EVT#0000000001", 1);
            put("AGG#account#d", "EVT#0000000002", 2);
            await(() -> delivered.size() >= 2);
        }
        put("AGG#account#d", "EVT#0000000003", 3);

        try (EventSourceMapping ignored = mapping(100, List.of(), checkpoints)) {
            await(() -> delivered.size() >= 3);
            Thread.sleep(300);
        }

        assertThat(delivered).extracting(r -> r.getDynamodb().getKeys().get("SK").getS())
                .containsExactly("EVT#0000000001", "EVT#0000000002", "EVT#0000000003");
    }

    @Test
    void aNewMappingStartingAtLatestSkipsWhatWasWrittenBeforeItAndKeepsItsPlaceAcrossRestarts() throws Exception {
        put("AGG#account#e", "EVT#0000000001", 1);
        put("AGG#account#e", "EVT#0000000002", 2);
        Checkpoints checkpoints = Checkpoints.inMemory();
        try (EventSourceMapping ignored = mapping(100, List.of(), checkpoints, EventSourceMappingConfig.StartingPosition.LATEST)) {
            await(() -> checkpoints.started("twin-event-store->Projection"));
            put("AGG#account#e", "EVT#0000000003", 3);
            await(() -> delivered.size() >= 1);
        }
        // written while the mapping was stopped: a restarted mapping resumes, it does not start at LATEST again
        put("AGG#account#e", "EVT#0000000004", 4);
        try (EventSourceMapping ignored = mapping(100, List.of(), checkpoints, EventSourceMappingConfig.StartingPosition.LATEST)) {
            await(() -> delivered.size() >= 2);
            Thread.sleep(300);
        }

        assertThat(delivered).extracting(r -> r.getDynamodb().getKeys().get("SK").getS())
                .containsExactly("EVT#0000000003", "EVT#0000000004");
    }

    @Test
    void aNewMappingStartingAtTrimHorizonReadsTheOldestRecords() throws Exception {
        put("AGG#account#f", "EVT#0000000001", 1);
        try (EventSourceMapping ignored = mapping(100, List.of(), Checkpoints.inMemory(),
                EventSourceMappingConfig.StartingPosition.TRIM_HORIZON)) {
            await(() -> delivered.size() >= 1);
        }

        assertThat(delivered).singleElement()
                .satisfies(r -> assertThat(r.getDynamodb().getKeys().get("SK").getS()).isEqualTo("EVT#0000000001"));
    }

    @Test
    void aStalledPollerDeliversNothingUntilTheStallEndsThenCatchesUp() throws Exception {
        try (EventSourceMapping mapping = mapping(100, List.of(), Checkpoints.inMemory())) {
            put("AGG#account#g", "EVT#0000000001", 1);
            await(() -> delivered.size() >= 1);
            mapping.pause(Duration.ofSeconds(2));
            put("AGG#account#g", "EVT#0000000002", 2);
            Thread.sleep(1_000);
            assertThat(delivered).hasSize(1);
            assertThat(mapping.pausedFor()).isPositive();
            await(() -> delivered.size() >= 2);
        }
    }
}
