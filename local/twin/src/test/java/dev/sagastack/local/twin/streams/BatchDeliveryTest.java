package dev.sagastack.local.twin.streams;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.twin.lambda.FunctionDefinition;
import dev.sagastack.local.twin.lambda.LambdaHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stream batch handling per the Lambda Developer Guide: "Configuring error handling for DynamoDB event
 * sources" (bisect, retries, on-failure destination) and "Configuring partial batch response with DynamoDB
 * and Lambda" (checkpoint at the lowest failed sequence number, success and failure conditions).
 */
class BatchDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:projections-dlq";
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final String STREAM = "arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/2026-01-01T00:00:00.000";

    /** Every invocation's sequence numbers, in order. */
    private final List<List<String>> invocations = Collections.synchronizedList(new ArrayList<>());
    private LambdaHost host;
    private Optional<Duration> maxAge = Optional.empty();
    private Clock clock = Clock.systemUTC();

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private BatchDelivery delivery(Function<List<String>, StreamsEventResponse> behaviour, boolean bisect,
                                   int maxRetries, boolean reportFailures, DeadLetterStore deadLetters) {
        RequestHandler<DynamodbEvent, StreamsEventResponse> handler = new RequestHandler<>() {
            @Override
            public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
                List<String> sequence = event.getRecords().stream().map(r -> r.getDynamodb().getSequenceNumber()).toList();
                invocations.add(sequence);
                return behaviour.apply(sequence);
            }
        };
        host = new LambdaHost(List.of(new FunctionDefinition("Projection", env -> handler, Duration.ofSeconds(5), 512, Map.of())),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        EventSourceMappingConfig config = new EventSourceMappingConfig("T", "Projection", 100, Duration.ZERO,
                bisect, maxRetries, reportFailures, List.of());
        // the template's mappings invoke the function's alias, as infra's SnapStart alias "live"
        return new BatchDelivery(config.with(EventSourceMappingConfig.StartingPosition.TRIM_HORIZON, maxAge,
                Optional.of(QUEUE)).qualified(Optional.of("live")), host, deadLetters, clock);
    }

    /** Records written {@code ageSeconds[i]} seconds before NOW. */
    private static List<ObjectNode> aged(long... ageSeconds) throws Exception {
        List<ObjectNode> records = records(ageSeconds.length);
        for (int i = 0; i < ageSeconds.length; i++) {
            ((ObjectNode) records.get(i).get("dynamodb")).put("ApproximateCreationDateTime",
                    NOW.minusSeconds(ageSeconds[i]).getEpochSecond());
        }
        return records;
    }

    private static List<ObjectNode> records(int count) throws Exception {
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            records.add((ObjectNode) JSON.readTree("""
                    {"eventID":"e%d","eventName":"INSERT","eventVersion":"1.1","eventSource":"aws:dynamodb",
                     "awsRegion":"us-east-1","dynamodb":{"Keys":{"PK":{"S":"AGG#%d"}},"NewImage":{"PK":{"S":"AGG#%d"}},
                     "SequenceNumber":"%d","SizeBytes":10,"StreamViewType":"NEW_IMAGE"},"eventSourceARN":"%s"}"""
                    .formatted(i, i, i, 100 + i, STREAM)));
        }
        return records;
    }

    private static StreamsEventResponse failures(String... sequenceNumbers) {
        List<StreamsEventResponse.BatchItemFailure> list = new ArrayList<>();
        for (String s : sequenceNumbers) {
            list.add(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(s).build());
        }
        return StreamsEventResponse.builder().withBatchItemFailures(list).build();
    }

    @Test
    void aSuccessfulBatchIsDeliveredOnceInOrder() throws Exception {
        DeadLetterStore deadLetters = DeadLetterStore.inMemory();
        delivery(seq -> StreamsEventResponse.builder().withBatchItemFailures(List.of()).build(), true, 2, true, deadLetters)
                .deliver(STREAM, "shard-1", records(4));

        assertThat(invocations).containsExactly(List.of("101", "102", "103", "104"));
        assertThat(deadLetters.size()).isZero();
    }

    @Test
    void aPartialFailureRetriesOnlyFromTheLowestFailedRecord() throws Exception {
        DeadLetterStore deadLetters = DeadLetterStore.inMemory();
        delivery(seq -> invocations.size() == 1 ? failures("104", "103") : failures(), true, 2, true, deadLetters)
                .deliver(STREAM, "shard-1", records(5));

        assertThat(invocations).containsExactly(List.of("101", "102", "103", "104", "105"), List.of("103", "104", "105"));
        assertThat(deadLetters.size()).isZero();
    }

    @Test
    void anItemIdentifierNotInTheBatchFailsTheWholeBatch() throws Exception {
        DeadLetterStore deadLetters = DeadLetterStore.inMemory();
        delivery(seq -> invocations.size() == 1 ? failures("999") : failures(), false, 2, true, deadLetters)
                .deliver(STREAM, "shard-1", records(3));

        assertThat(invocations).containsExactly(List.of("101", "102", "103"), List.of("101", "102", "103"));
    }

    @Test
    void withoutReportBatchItemFailuresTheResponseIsIgnored() throws Exception {
        DeadLetterStore deadLetters = DeadLetterStore.inMemory();
        delivery(seq -> failures("102"), false, 2, false, deadLetters).deliver(STREAM, "shard-1", records(3));

        assertThat(invocations).hasSize(1);
    }

    @Test
    void bisectingIsolatesAPoisonRecordWhichEndsInTheDeadLetterStoreAfterItsRetries() throws Exception {
        DeadLetterStore deadLetters = DeadLetterStore.inMemory();
        delivery(seq -> {
            if (seq.contains("106")) {
                throw new IllegalStateException("cannot project record 106");
            }
            return failures();
        }, true, 2, true, deadLetters).deliver(STREAM, "shard-1", records(8));

        List<String> succeeded = new ArrayList<>();
        for (List<String> invocation : invocations) {
            if (!invocation.contains("106")) {
                succeeded.addAll(invocation);
            }
        }
        assertThat(succeeded).containsExactly("101", "102", "103", "104", "105", "107", "108");
        assertThat(invocations.stream().filter(i -> i.equals(List.of("106"))).count()).isEqualTo(3);
        assertThat(deadLetters.list()).singleElement().satisfies(letter -> {
            assertThat(letter.startSequenceNumber()).isEqualTo("106");
            assertThat(letter.endSequenceNumber()).isEqualTo("106");
            assertThat(letter.condition()).isEqualTo("RetryAttemptsExhausted");
            assertThat(letter.lastError()).contains("IllegalStateException").contains("cannot project record 106");
            assertThat(letter.records()).hasSize(1);
        });
    }

    @Test
    void aPoisonRecordReportedAsAnItemFailureAlsoEndsAloneInTheDeadLetterStore() throws Exception {
        DeadLetterStore deadLetters = DeadLetterStore.inMemory();
        delivery(seq -> seq.contains("103") ? failures("103") : failures(), true, 1, true, deadLetters)
                .deliver(STREAM, "shard-1", records(5));

        assertThat(deadLetters.list()).singleElement()
                .satisfies(letter -> assertThat(letter.startSequenceNumber()).isEqualTo("103"));
        Set<String> processed = new java.util.HashSet<>();
        for (List<String> invocation : invocations) {
            int failedAt = invocation.indexOf("103");
            processed.addAll(failedAt < 0 ? invocation : invocation.subList(0, failedAt));
        }
        assertThat(processed).containsExactlyInAnyOrder("101", "102", "104", "105");
    }

    @Test
    void withoutBisectAFailingBatchGoesWholeToTheDeadLetterStoreAfterMaximumRetries() throws Exception {
        DeadLetterStore deadLetters = DeadLetterStore.inMemory();
        delivery(seq -> {
            throw new IllegalStateException("down");
        }, false, 1, true, deadLetters).deliver(STREAM, "shard-1", records(3));

        assertThat(invocations).hasSize(2);
        assertThat(deadLetters.list()).singleElement().satisfies(letter -> {
            assertThat(letter.startSequenceNumber()).isEqualTo("101");
            assertThat(letter.endSequenceNumber()).isEqualTo("103");
            assertThat(letter.batchSize()).isEqualTo(3);
            assertThat(letter.streamArn()).isEqualTo(STREAM);
            assertThat(letter.shardId()).isEqualTo("shard-1");
        });
    }

    @Test
    void aDurableDeadLetterStoreKeepsItsLettersAcrossRestarts(@TempDir Path directory) throws Exception {
        DeadLetterStore first = DeadLetterStore.durable(directory);
        delivery(seq -> {
            throw new IllegalStateException("down");
        }, false, 0, true, first).deliver(STREAM, "shard-1", records(2));

        DeadLetterStore reopened = DeadLetterStore.durable(directory);

        assertThat(reopened.list()).singleElement().satisfies(letter -> {
            assertThat(letter.id()).isEqualTo(first.list().get(0).id());
            assertThat(letter.records()).hasSize(2);
            assertThat(letter.records().get(1).get("dynamodb").get("SequenceNumber").asText()).isEqualTo("102");
            assertThat(letter.functionQualifier()).isEqualTo("live");
        });
    }

    @Test
    void recordsOlderThanTheMaximumAgeAreNotSentButDescribedToTheOnFailureQueue() throws Exception {
        DeadLetterStore deadLetters = DeadLetterStore.inMemory();
        maxAge = Optional.of(Duration.ofSeconds(60));
        clock = Clock.fixed(NOW, ZoneOffset.UTC);
        delivery(seq -> failures(), true, 2, true, deadLetters).deliver(STREAM, "shard-1", aged(300, 61, 59, 1));

        assertThat(invocations).containsExactly(List.of("103", "104"));
        assertThat(deadLetters.queue(QUEUE)).singleElement().satisfies(letter -> {
            assertThat(letter.condition()).isEqualTo("RecordAgeExceeded");
            assertThat(letter.startSequenceNumber()).isEqualTo("101");
            assertThat(letter.endSequenceNumber()).isEqualTo("102");
            assertThat(letter.attempts()).isZero();
            // the invocation record of "Retain discarded records for a DynamoDB event source in Lambda"
            ObjectNode body = DeadLetterStore.invocationRecord(letter);
            assertThat(body.get("version").asText()).isEqualTo("1.0");
            assertThat(body.at("/requestContext/condition").asText()).isEqualTo("RecordAgeExceeded");
            assertThat(body.at("/requestContext/functionArn").asText())
                    .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:Projection:live");
            assertThat(body.at("/requestContext/approximateInvokeCount").asInt()).isZero();
            assertThat(body.has("responseContext")).as("never invoked").isFalse();
            assertThat(body.at("/DDBStreamBatchInfo/batchSize").asInt()).isEqualTo(2);
            assertThat(body.at("/DDBStreamBatchInfo/approximateArrivalOfFirstRecord").asText())
                    .isEqualTo(NOW.minusSeconds(300).toString());
            assertThat(body.at("/DDBStreamBatchInfo/streamArn").asText()).isEqualTo(STREAM);
            assertThat(body.has("records")).as("AWS sends no records").isFalse();
        });
    }

    @Test
    void aRecordThatAgesOutWhileRetriedIsNotRetriedFurther() throws Exception {
        DeadLetterStore deadLetters = DeadLetterStore.inMemory();
        maxAge = Optional.of(Duration.ofSeconds(60));
        Instant[] now = {NOW};
        clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        delivery(seq -> {
            now[0] = now[0].plusSeconds(30); // each failed attempt takes half a minute
            throw new IllegalStateException("down");
        }, false, -1, true, deadLetters).deliver(STREAM, "shard-1", aged(10));

        assertThat(invocations).hasSize(2);
        assertThat(deadLetters.list()).singleElement().satisfies(letter -> {
            assertThat(letter.condition()).isEqualTo("RecordAgeExceeded");
            assertThat(letter.attempts()).isEqualTo(2);
            assertThat(DeadLetterStore.invocationRecord(letter).at("/responseContext/functionError").asText())
                    .isEqualTo("Unhandled");
        });
    }

    @Test
    void exhaustedRetriesAreCountedInTheInvocationRecord() throws Exception {
        DeadLetterStore deadLetters = DeadLetterStore.inMemory();
        delivery(seq -> {
            throw new IllegalStateException("down");
        }, false, 2, true, deadLetters).deliver(STREAM, "shard-1", records(1));

        ObjectNode body = DeadLetterStore.invocationRecord(deadLetters.queue(QUEUE).get(0));
        assertThat(body.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(body.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(3);
        // invoked through the alias: the function ARN names it and the version it ran is the published one
        assertThat(body.at("/requestContext/functionArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:Projection:live");
        assertThat(body.at("/responseContext/executedVersion").asText()).isEqualTo("1");
    }

    @Test
    void aRedrivenLetterIsProcessedOnceMoreAndStaysRedrivenAcrossRestarts(@TempDir Path directory) throws Exception {
        DeadLetterStore first = DeadLetterStore.durable(directory);
        boolean[] down = {true};
        BatchDelivery delivery = delivery(seq -> {
            if (down[0]) {
                throw new IllegalStateException("down");
            }
            return failures();
        }, false, 0, true, first);
        delivery.deliver(STREAM, "shard-1", records(2));
        DeadLetter letter = first.open().get(0);

        assertThat(delivery.redrive(letter)).as("still failing").isFalse();
        down[0] = false;
        assertThat(delivery.redrive(letter)).isTrue();
        first.markRedriven(letter.id(), NOW);

        DeadLetterStore reopened = DeadLetterStore.durable(directory);
        assertThat(reopened.open()).isEmpty();
        assertThat(reopened.redrivenAt(letter.id())).contains(NOW);
        assertThat(reopened.list()).hasSize(1);
        assertThat(invocations.get(invocations.size() - 1)).containsExactly("101", "102");
    }
}
