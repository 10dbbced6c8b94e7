package dev.sagastack.batch;

import dev.sagastack.schema.Tables;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Writes any number of items with BatchWriteItem, 25 per call, putting UnprocessedItems back at
 * the front of the queue and backing off (capped exponential, full jitter) while DynamoDB keeps
 * returning some. Gives up once an item was sent {@link Backoff#maxAttempts()} times without being
 * processed, naming exactly the items not written.
 */
public final class BatchWriter {

    /** DynamoDB's limit of write requests per BatchWriteItem. */
    public static final int MAX_BATCH = 25;

    private final DynamoDbClient client;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final List<String> keyAttributes;

    public BatchWriter(DynamoDbClient client, Backoff backoff, Sleeper sleeper, RandomGenerator random) {
        this(client, backoff, sleeper, random, List.of(Tables.PK, Tables.SK));
    }

    /** @param keyAttributes the table's key attribute names, used to name unwritten items */
    public BatchWriter(DynamoDbClient client, Backoff backoff, Sleeper sleeper, RandomGenerator random,
                       List<String> keyAttributes) {
        this.client = client;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.random = random;
        this.keyAttributes = List.copyOf(keyAttributes);
    }

    public static BatchWriter create(DynamoDbClient client) {
        return new BatchWriter(client, Backoff.defaults(), Sleeper.system(), RandomGenerator.getDefault());
    }

    public void putAll(String table, List<Map<String, AttributeValue>> items) {
        write(table, items.stream().map(item -> WriteRequest.builder()
                .putRequest(PutRequest.builder().item(item).build()).build()).toList());
    }

    public void deleteAll(String table, List<Map<String, AttributeValue>> keys) {
        write(table, keys.stream().map(key -> WriteRequest.builder()
                .deleteRequest(DeleteRequest.builder().key(key).build()).build()).toList());
    }

    /**
     * @throws IllegalArgumentException before writing anything when two requests share a key
     *                                  (DynamoDB rejects that within one call, and across calls it
     *                                  would make the outcome depend on chunking)
     * @throws BatchWriteIncomplete     when retries are exhausted or a call fails; lists the unwritten keys
     */
    public void write(String table, List<WriteRequest> requests) {
        Set<Map<String, AttributeValue>> seen = new HashSet<>();
        for (WriteRequest request : requests) {
            if (!seen.add(key(request))) {
                throw new IllegalArgumentException("duplicate key in batch write: " + key(request));
            }
        }
        Deque<WriteRequest> queue = new ArrayDeque<>(requests);
        Map<Map<String, AttributeValue>, Integer> attempts = new HashMap<>();
        while (!queue.isEmpty()) {
            List<WriteRequest> batch = new ArrayList<>(MAX_BATCH);
            while (batch.size() < MAX_BATCH && !queue.isEmpty()) {
                batch.add(queue.pollFirst());
            }
            List<WriteRequest> unprocessed;
            try {
                unprocessed = client.batchWriteItem(BatchWriteItemRequest.builder()
                        .requestItems(Map.of(table, batch)).build())
                        .unprocessedItems().getOrDefault(table, List.of());
            } catch (SdkException e) {
                // the SDK has already retried throttling; nothing of this call is known to be written
                throw incomplete(table, batch, queue, e);
            }
            if (unprocessed.isEmpty()) {
                continue;
            }
            // count attempts per item: a call that leaves some items unprocessed still made progress
            int worst = 0;
            for (WriteRequest request : unprocessed) {
                worst = Math.max(worst, attempts.merge(key(request), 1, Integer::sum));
            }
            if (worst >= backoff.maxAttempts()) {
                throw incomplete(table, unprocessed, queue, null);
            }
            for (int i = unprocessed.size() - 1; i >= 0; i--) {
                queue.addFirst(unprocessed.get(i));
            }
            pause(backoff.delay(worst, random), table, queue);
        }
    }

    private void pause(Duration delay, String table, Deque<WriteRequest> queue) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw incomplete(table, List.of(), queue, e);
        }
    }

    private BatchWriteIncomplete incomplete(String table, List<WriteRequest> batch, Deque<WriteRequest> rest, Throwable cause) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        batch.forEach(r -> keys.add(key(r)));
        rest.forEach(r -> keys.add(key(r)));
        return new BatchWriteIncomplete(table, keys, cause);
    }

    private Map<String, AttributeValue> key(WriteRequest request) {
        if (request.deleteRequest() != null) {
            return request.deleteRequest().key();
        }
        Map<String, AttributeValue> item = request.putRequest().item();
        Map<String, AttributeValue> key = new java.util.HashMap<>();
        for (String attribute : keyAttributes) {
            AttributeValue value = item.get(attribute);
            if (value == null) {
                throw new IllegalArgumentException("item lacks key attribute " + attribute);
            }
            key.put(attribute, value);
        }
        return key;
    }
}
