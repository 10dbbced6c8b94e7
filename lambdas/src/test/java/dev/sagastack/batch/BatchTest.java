package dev.sagastack.batch;

import dev.sagastack.dynamo.DynamoClients;
import dev.sagastack.dynamo.LocalDynamoDb;
import dev.sagastack.keys.ItemKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BatchWriteItem/BatchGetItem and their Unprocessed* retries (DynamoDB API reference, BatchWriteItem). */
class BatchTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    /** Records, per BatchWriteItem call, which keys were sent and which came back unprocessed. */
    static final class BatchCalls implements DynamoDbClient {
        final List<List<Map<String, AttributeValue>>> sent = new CopyOnWriteArrayList<>();
        final List<Set<Map<String, AttributeValue>>> unprocessed = new CopyOnWriteArrayList<>();
        private final DynamoDbClient delegate;

        BatchCalls(DynamoDbClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
            BatchWriteItemResponse response = delegate.batchWriteItem(request);
            sent.add(request.requestItems().values().stream().flatMap(List::stream).map(BatchTest::key).toList());
            unprocessed.add(new HashSet<>(response.unprocessedItems().values().stream()
                    .flatMap(List::stream).map(BatchTest::key).toList()));
            return response;
        }

        @Override
        public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
            return delegate.batchGetItem(request);
        }

        @Override
        public ScanResponse scan(ScanRequest request) {
            return delegate.scan(request);
        }

        @Override
        public String serviceName() {
            return delegate.serviceName();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private BatchCalls calls;
    private final List<Duration> sleeps = new ArrayList<>();
    private DynamoDbClient client;
    private String table;
    private long seed;
    private Random random;

    @BeforeEach
    void setUp() {
        table = DYNAMO.createTables().singleTable();
        calls = new BatchCalls(DynamoClients.create(DynamoClients.Settings.local(DYNAMO.server().endpoint())));
        client = calls;
        seed = new Random().nextLong();
        System.out.println("seed " + seed);
        random = new Random(seed);
    }

    @AfterEach
    void tearDown() {
        DYNAMO.server().setUnprocessedFraction(0);
        client.close();
    }

    private static Map<String, AttributeValue> key(WriteRequest request) {
        Map<String, AttributeValue> item = request.putRequest() != null ? request.putRequest().item() : request.deleteRequest().key();
        return Map.of("PK", item.get("PK"), "SK", item.get("SK"));
    }

    private static Map<String, AttributeValue> item(int n) {
        // one id for PK and SK of the entity
        Map<String, AttributeValue> item = new HashMap<>(new ItemKey("ITEM#" + n, "ITEM#" + n).toMap());
        item.put("n", AttributeValue.fromN(Integer.toString(n)));
        return item;
    }

    private Set<Map<String, AttributeValue>> keysInTable() {
        Set<Map<String, AttributeValue>> keys = new HashSet<>();
        client.scanPaginator(ScanRequest.builder().tableName(table).build()).items()
                .forEach(i -> keys.add(Map.of("PK", i.get("PK"), "SK", i.get("SK"))));
        return keys;
    }

    @Test
    void thousandItemsAreAllWrittenExactlyOnceWhileTheEngineLeavesPartOfEachBatchUnprocessed() {
        DYNAMO.server().setUnprocessedFraction(0.4);
        Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofMillis(200), 10);
        BatchWriter writer = new BatchWriter(client, backoff, sleeps::add, random);
        List<Map<String, AttributeValue>> items = IntStream.range(0, 1_000).mapToObj(BatchTest::item).toList();

        writer.putAll(table, items);

        Map<Map<String, AttributeValue>, Integer> writes = new HashMap<>();
        for (int call = 0; call < calls.sent.size(); call++) {
            assertThat(calls.sent.get(call)).hasSizeLessThanOrEqualTo(25);
            for (Map<String, AttributeValue> key : calls.sent.get(call)) {
                if (!calls.unprocessed.get(call).contains(key)) {
                    writes.merge(key, 1, Integer::sum);
                }
            }
        }
        assertThat(calls.unprocessed).as("the engine returned unprocessed items").anyMatch(u -> !u.isEmpty());
        assertThat(writes).hasSize(1_000).allSatisfy((key, count) -> assertThat(count).as("%s", key).isEqualTo(1));
        assertThat(keysInTable()).hasSize(1_000);
        assertThat(sleeps).isNotEmpty().allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(200)));
    }

    @Test
    void givingUpNamesExactlyTheItemsNotWritten() {
        DYNAMO.server().setUnprocessedFraction(0.9);
        BatchWriter writer = new BatchWriter(client, new Backoff(Duration.ofMillis(1), Duration.ofMillis(4), 3),
                sleeps::add, random);
        List<Map<String, AttributeValue>> items = IntStream.range(0, 60).mapToObj(BatchTest::item).toList();

        BatchWriteIncomplete failure = org.junit.jupiter.api.Assertions.assertThrows(BatchWriteIncomplete.class,
                () -> writer.putAll(table, items));

        Set<Map<String, AttributeValue>> all = new HashSet<>();
        items.forEach(i -> all.add(Map.of("PK", i.get("PK"), "SK", i.get("SK"))));
        Set<Map<String, AttributeValue>> written = keysInTable();
        assertThat(written).isNotEmpty();
        assertThat(new HashSet<>(failure.unwrittenKeys())).hasSize(failure.unwrittenKeys().size())
                .isEqualTo(difference(all, written));
        assertThat(failure.getMessage()).contains("not written to " + table).contains("ITEM#");
        assertThat(sleeps).isNotEmpty();
    }

    @Test
    void duplicateKeysAreRefusedBeforeAnythingIsWritten() {
        BatchWriter writer = new BatchWriter(client, Backoff.defaults(), sleeps::add, random);

        assertThatThrownBy(() -> writer.putAll(table, List.of(item(1), item(2), item(1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(keysInTable()).isEmpty();
    }

    @Test
    void batchGetReadsEveryKeyOnceAcrossChunksAndUnprocessedKeys() {
        new BatchWriter(client, Backoff.defaults(), sleeps::add, random)
                .putAll(table, IntStream.range(0, 250).mapToObj(BatchTest::item).toList());
        DYNAMO.server().setUnprocessedFraction(0.5);
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        IntStream.range(0, 260).forEach(n -> keys.add(new ItemKey("ITEM#" + n, "ITEM#" + n).toMap()));
        keys.add(new ItemKey("ITEM#7", "ITEM#7").toMap());

        List<Map<String, AttributeValue>> found = new BatchReader(client,
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(10), 20), sleeps::add, random).getAll(table, keys, true);

        assertThat(found).hasSize(250);
        assertThat(found.stream().map(i -> i.get("n").n()).distinct()).hasSize(250);
        assertThat(sleeps).isNotEmpty();
    }

    @Test
    void backoffCeilingDoublesUpToTheCapAndJitterStaysBelowIt() {
        Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofMillis(1_000), 10);

        assertThat(IntStream.rangeClosed(1, 7).mapToObj(backoff::ceiling).map(Duration::toMillis).toList())
                .containsExactly(50L, 100L, 200L, 400L, 800L, 1_000L, 1_000L);
        for (int retry = 1; retry < 40; retry++) {
            assertThat(backoff.delay(retry, random)).isBetween(Duration.ZERO, backoff.ceiling(retry));
        }
    }

    private static <T> Set<T> difference(Set<T> a, Set<T> b) {
        Set<T> result = new HashSet<>(a);
        result.removeAll(b);
        return result;
    }
}
