package dev.sagastack.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Eight threads race optimistic conditional updates, atomic ADDs and two-item transactions on the
 * same few items. Every successful operation adds exactly one to {@code n} of each item it
 * touches, so the final counters must equal the successes counted by the clients: a lost update
 * would leave a counter short, a duplicated one would leave it over.
 */
class ConcurrencyTest extends ServerFixture {

    private static final int THREADS = 8;
    private static final int OPERATIONS_PER_THREAD = 80;
    private static final int ITEMS = 4;

    @Test
    void racingConditionalUpdatesAndTransactionsLoseAndDuplicateNothing() throws Exception {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("ConcurrencyTest seed=" + seed + " (rerun with -Dseed=" + seed + ")");
        String t = createTable(null);
        for (int i = 0; i < ITEMS; i++) {
            int k = i;
            ddb.putItem(r -> r.tableName(t).item(item("pk", "c" + k, "n", n("0"))));
        }
        AtomicLongArray expected = new AtomicLongArray(ITEMS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int th = 0; th < THREADS; th++) {
            Random random = new Random(seed + th);
            futures.add(pool.submit(() -> {
                for (int op = 0; op < OPERATIONS_PER_THREAD; op++) {
                    int a = random.nextInt(ITEMS);
                    switch (random.nextInt(3)) {
                        case 0 -> {
                            optimisticIncrement(t, a);
                            expected.incrementAndGet(a);
                        }
                        case 1 -> {
                            ddb.updateItem(r -> r.tableName(t).key(item("pk", "c" + a)).updateExpression("ADD n :one")
                                    .expressionAttributeValues(Map.of(":one", n("1"))));
                            expected.incrementAndGet(a);
                        }
                        default -> {
                            int b = (a + 1 + random.nextInt(ITEMS - 1)) % ITEMS;
                            transactionalIncrement(t, a, b);
                            expected.incrementAndGet(a);
                            expected.incrementAndGet(b);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        for (int i = 0; i < ITEMS; i++) {
            int k = i;
            String actual = ddb.getItem(r -> r.tableName(t).key(item("pk", "c" + k)).consistentRead(true)).item().get("n").n();
            assertThat(Long.parseLong(actual)).as("counter c%d (seed %d)", k, seed).isEqualTo(expected.get(k));
        }
    }

    private long read(String t, int i) {
        return Long.parseLong(ddb.getItem(r -> r.tableName(t).key(item("pk", "c" + i)).consistentRead(true))
                .item().get("n").n());
    }

    /** Read, then write n+1 only if n is still what was read; retry on conflict. */
    private void optimisticIncrement(String t, int i) {
        while (true) {
            long seen = read(t, i);
            try {
                ddb.updateItem(r -> r.tableName(t).key(item("pk", "c" + i)).updateExpression("SET n = :next")
                        .conditionExpression("n = :seen")
                        .expressionAttributeValues(Map.of(":seen", n(Long.toString(seen)),
                                ":next", n(Long.toString(seen + 1)))));
                return;
            } catch (ConditionalCheckFailedException conflict) {
                // another writer got there first: read again
            }
        }
    }

    /** Both items move from the values read to value+1 in one transaction, or neither does; retry on conflict. */
    private void transactionalIncrement(String t, int a, int b) {
        while (true) {
            long seenA = read(t, a);
            long seenB = read(t, b);
            try {
                ddb.transactWriteItems(r -> r.transactItems(
                        TransactWriteItem.builder().update(u -> u.tableName(t).key(item("pk", "c" + a))
                                .updateExpression("SET n = :next").conditionExpression("n = :seen")
                                .expressionAttributeValues(Map.of(":seen", n(Long.toString(seenA)),
                                        ":next", n(Long.toString(seenA + 1))))).build(),
                        TransactWriteItem.builder().update(u -> u.tableName(t).key(item("pk", "c" + b))
                                .updateExpression("SET n = :next").conditionExpression("n = :seen")
                                .expressionAttributeValues(Map.of(":seen", n(Long.toString(seenB)),
                                        ":next", n(Long.toString(seenB + 1))))).build()));
                return;
            } catch (TransactionCanceledException conflict) {
                assertThat(conflict.cancellationReasons()).extracting(c -> c.code())
                        .contains("ConditionalCheckFailed");
            }
        }
    }
}
