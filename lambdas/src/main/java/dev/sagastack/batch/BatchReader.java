package dev.sagastack.batch;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Reads any number of keys with BatchGetItem, 100 per call, retrying UnprocessedKeys with capped
 * exponential backoff and full jitter, giving up once a key was sent {@link Backoff#maxAttempts()}
 * times unprocessed. Missing items are simply absent from the result.
 */
public final class BatchReader {

    /** DynamoDB's limit of keys per BatchGetItem. */
    public static final int MAX_BATCH = 100;

    private final DynamoDbClient client;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public BatchReader(DynamoDbClient client, Backoff backoff, Sleeper sleeper, RandomGenerator random) {
        this.client = client;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.random = random;
    }

    public static BatchReader create(DynamoDbClient client) {
        return new BatchReader(client, Backoff.defaults(), Sleeper.system(), RandomGenerator.getDefault());
    }

    /**
     * The items found for {@code keys} (duplicates read once), in no particular order.
     *
     * @throws BatchGetIncomplete when retries are exhausted or a call fails; lists the unread keys
     */
    public List<Map<String, AttributeValue>> getAll(String table, List<Map<String, AttributeValue>> keys,
                                                    boolean consistentRead) {
        Deque<Map<String, AttributeValue>> queue = new ArrayDeque<>(new LinkedHashSet<>(keys));
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        Map<Map<String, AttributeValue>, Integer> attempts = new HashMap<>();
        while (!queue.isEmpty()) {
            List<Map<String, AttributeValue>> batch = new ArrayList<>(MAX_BATCH);
            while (batch.size() < MAX_BATCH && !queue.isEmpty()) {
                batch.add(queue.pollFirst());
            }
            BatchGetItemResponse response;
            try {
                response = client.batchGetItem(BatchGetItemRequest.builder().requestItems(Map.of(table,
                        KeysAndAttributes.builder().keys(batch).consistentRead(consistentRead).build())).build());
            } catch (SdkException e) {
                throw incomplete(table, batch, queue, e);
            }
            found.addAll(response.responses().getOrDefault(table, List.of()));
            KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
            if (unprocessed == null || unprocessed.keys().isEmpty()) {
                continue;
            }
            int worst = 0;
            for (Map<String, AttributeValue> key : unprocessed.keys()) {
                worst = Math.max(worst, attempts.merge(key, 1, Integer::sum));
            }
            if (worst >= backoff.maxAttempts()) {
                throw incomplete(table, unprocessed.keys(), queue, null);
            }
            List<Map<String, AttributeValue>> again = unprocessed.keys();
            for (int i = again.size() - 1; i >= 0; i--) {
                queue.addFirst(again.get(i));
            }
            try {
                sleeper.sleep(backoff.delay(worst, random));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw incomplete(table, List.of(), queue, e);
            }
        }
        return found;
    }

    private static BatchGetIncomplete incomplete(String table, List<Map<String, AttributeValue>> batch,
                                                 Deque<Map<String, AttributeValue>> rest, Throwable cause) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>(batch);
        keys.addAll(rest);
        return new BatchGetIncomplete(table, keys, cause);
    }

    /** Keys as short text, e.g. {@code [PK=ITEM#1 SK=ITEM#1, ...]}, capped for log lines. */
    static String describe(List<Map<String, AttributeValue>> keys) {
        String listed = keys.stream().limit(50).map(key -> key.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + "=" + (e.getValue().s() != null ? e.getValue().s() : e.getValue().n()))
                        .collect(Collectors.joining(" ")))
                .collect(Collectors.joining(", "));
        return "[" + listed + (keys.size() > 50 ? ", ... " + (keys.size() - 50) + " more" : "") + "]";
    }
}
