package dev.sagastack.local.twin.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.twin.lambda.InvokeResult;
import dev.sagastack.local.twin.lambda.LambdaHost;
import dev.sagastack.local.twin.lambda.LambdaServiceException;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Delivers one shard's batch to the function with a stream event source mapping's error handling
 * ("Configuring error handling for DynamoDB event sources" and "Configuring partial batch response with
 * DynamoDB and Lambda" in the Lambda Developer Guide):
 * <ul>
 *   <li>a function error fails the whole batch; with BisectBatchOnFunctionError it is split in two and the
 *       halves are retried in order (a split is not a retry), otherwise the batch is retried; a batch whose
 *       first record is reported failed is treated the same, so a poison record ends up alone;</li>
 *   <li>with ReportBatchItemFailures, the lowest reported sequence number is the checkpoint: that record and
 *       every later one in the batch are retried, the earlier ones are done; an empty or null list is
 *       success; an identifier that is empty, null or not in the batch fails the whole batch;</li>
 *   <li>after MaximumRetryAttempts retries the records go to the on-failure destination and the shard moves on;</li>
 *   <li>records older than MaximumRecordAgeInSeconds are not sent again: they go to the on-failure destination.</li>
 * </ul>
 * Records of the shard are never delivered out of order: the next part waits until the current one is done.
 */
final class BatchDelivery {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventSourceMappingConfig config;
    private final LambdaHost lambdas;
    private final DeadLetterStore deadLetters;
    private final Clock clock;

    BatchDelivery(EventSourceMappingConfig config, LambdaHost lambdas, DeadLetterStore deadLetters, Clock clock) {
        this.config = config;
        this.lambdas = lambdas;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /** Returns when every record was processed or sent to the dead-letter store. */
    void deliver(String streamArn, String shardId, List<ObjectNode> records) throws InterruptedException {
        Deque<Segment> pending = new ArrayDeque<>();
        pending.push(new Segment(records, 0, 0));
        while (!pending.isEmpty()) {
            Segment segment = withoutExpired(pending.pop(), streamArn, shardId);
            if (segment.records().isEmpty()) {
                continue;
            }
            Outcome outcome = invoke(segment.records());
            if (outcome.succeeded()) {
                continue;
            }
            int invocations = segment.invocations() + 1;
            if (outcome.firstFailed() > 0) {
                // Records before the checkpoint are done; retry from the first failed one.
                retryOrDeadLetter(pending, new Segment(segment.records().subList(outcome.firstFailed(),
                        segment.records().size()), segment.retries() + 1, invocations), outcome.error(), streamArn, shardId);
            } else if (config.bisectBatchOnFunctionError() && segment.records().size() > 1) {
                int half = segment.records().size() / 2;
                pending.push(new Segment(segment.records().subList(half, segment.records().size()), segment.retries(),
                        invocations));
                pending.push(new Segment(segment.records().subList(0, half), segment.retries(), invocations));
            } else {
                retryOrDeadLetter(pending, new Segment(segment.records(), segment.retries() + 1, invocations),
                        outcome.error(), streamArn, shardId);
            }
        }
    }

    /**
     * Lambda sends no record older than MaximumRecordAgeInSeconds to the function, neither first nor on a retry
     * ("Retain discarded records for a DynamoDB event source in Lambda"): the expired records, which lead the
     * segment as the stream is in order, go to the on-failure destination and the rest goes on.
     */
    private Segment withoutExpired(Segment segment, String streamArn, String shardId) {
        if (config.maximumRecordAge().isEmpty()) {
            return segment;
        }
        long oldestLive = clock.instant().minus(config.maximumRecordAge().get()).getEpochSecond();
        int expired = 0;
        for (ObjectNode record : segment.records()) {
            JsonNode created = record.path("dynamodb").path("ApproximateCreationDateTime");
            if (!created.isNumber() || created.asLong() >= oldestLive) {
                break;
            }
            expired++;
        }
        if (expired == 0) {
            return segment;
        }
        deadLetter(segment.records().subList(0, expired), DeadLetter.RECORD_AGE_EXCEEDED, segment.invocations(),
                "older than MaximumRecordAgeInSeconds " + config.maximumRecordAge().get().toSeconds(), streamArn, shardId);
        return new Segment(segment.records().subList(expired, segment.records().size()), segment.retries(),
                segment.invocations());
    }

    private void deadLetter(List<ObjectNode> records, String condition, int invocations, String error, String streamArn,
                            String shardId) {
        deadLetters.add(new DeadLetter(UUID.randomUUID().toString(), clock.instant(), config.functionName(),
                streamArn, shardId, sequenceNumber(records.get(0)), sequenceNumber(records.get(records.size() - 1)),
                records.size(), condition, invocations, error, List.copyOf(records),
                config.onFailureDestination().orElse(""), config.functionQualifier().orElse("")));
    }

    private void retryOrDeadLetter(Deque<Segment> pending, Segment retry, String error, String streamArn,
                                   String shardId) throws InterruptedException {
        int maximum = config.maximumRetryAttempts();
        if (maximum >= 0 && retry.retries() > maximum) {
            deadLetter(retry.records(), DeadLetter.RETRY_ATTEMPTS_EXHAUSTED, retry.invocations(), error, streamArn,
                    shardId);
            return;
        }
        // Lambda backs off between stream retries; a short capped exponential wait keeps the twin from spinning.
        Thread.sleep(Math.min(1_000L, 20L << Math.min(retry.retries(), 6)));
        pending.push(retry);
    }

    /**
     * Sends a dead letter's records to the function once more, as one batch; true when it processed all of them
     * (no function error, no reported item failure).
     */
    boolean redrive(DeadLetter letter) {
        List<ObjectNode> records = letter.records().stream().map(ObjectNode.class::cast).toList();
        return invoke(records).succeeded();
    }

    private Outcome invoke(List<ObjectNode> records) {
        byte[] event;
        try {
            event = JSON.writeValueAsBytes(StreamEventJson.event(records));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        InvokeResult result;
        try {
            result = lambdas.invoke(config.invokedFunction(), event);
        } catch (LambdaServiceException e) {
            return Outcome.functionError(e.errorCode() + ": " + e.getMessage());
        }
        if (result.failed()) {
            return Outcome.functionError(describeError(result));
        }
        if (!config.reportBatchItemFailures()) {
            return Outcome.SUCCESS;
        }
        return partialOutcome(records, result);
    }

    private static Outcome partialOutcome(List<ObjectNode> records, InvokeResult result) {
        JsonNode response;
        try {
            response = JSON.readTree(result.payload());
        } catch (IOException e) {
            return Outcome.SUCCESS;
        }
        JsonNode failures = response == null ? null : response.get("batchItemFailures");
        if (failures == null || failures.isNull() || (failures.isArray() && failures.isEmpty())) {
            return Outcome.SUCCESS;
        }
        if (!failures.isArray()) {
            return Outcome.whole("batchItemFailures is not a list");
        }
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            positions.put(sequenceNumber(records.get(i)), i);
        }
        int first = Integer.MAX_VALUE;
        for (JsonNode failure : failures) {
            JsonNode identifier = failure.get("itemIdentifier");
            if (identifier == null || !identifier.isTextual() || identifier.asText().isEmpty()
                    || !positions.containsKey(identifier.asText())) {
                return Outcome.whole("invalid itemIdentifier " + failure);
            }
            first = Math.min(first, positions.get(identifier.asText()));
        }
        String error = "batchItemFailures from " + sequenceNumber(records.get(first));
        return new Outcome(false, first, error);
    }

    private static String describeError(InvokeResult result) {
        try {
            JsonNode error = JSON.readTree(result.payload());
            return error.path("errorType").asText("") + ": " + error.path("errorMessage").asText("");
        } catch (IOException e) {
            return result.payloadAsString();
        }
    }

    static String sequenceNumber(JsonNode record) {
        return record.get("dynamodb").get("SequenceNumber").asText();
    }

    /** Records still to deliver, the retries spent on them and how often the function saw them. */
    private record Segment(List<ObjectNode> records, int retries, int invocations) {
    }

    /**
     * @param firstFailed index of the checkpoint record for a partial failure, 0 when the whole batch failed
     */
    private record Outcome(boolean succeeded, int firstFailed, String error) {
        static final Outcome SUCCESS = new Outcome(true, 0, "");

        static Outcome functionError(String error) {
            return new Outcome(false, 0, error);
        }

        static Outcome whole(String error) {
            return new Outcome(false, 0, error);
        }
    }
}
