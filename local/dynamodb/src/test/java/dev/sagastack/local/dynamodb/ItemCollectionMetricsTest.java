package dev.sagastack.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.IndexSchema;
import dev.sagastack.local.dynamodb.engine.ItemCollectionSize;
import dev.sagastack.local.dynamodb.engine.ItemSize;
import dev.sagastack.local.dynamodb.engine.KeyAttribute;
import dev.sagastack.local.dynamodb.engine.Persistence;
import dev.sagastack.local.dynamodb.engine.Table;
import dev.sagastack.local.dynamodb.engine.TableSchema;
import dev.sagastack.local.dynamodb.storage.LogPersistence;
import dev.sagastack.local.dynamodb.value.Item;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionMetrics;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnItemCollectionMetrics;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * ReturnItemCollectionMetrics on PutItem, UpdateItem, DeleteItem, BatchWriteItem and
 * TransactWriteItems (DynamoDB API Reference: "ItemCollectionMetrics" and each operation's
 * ReturnItemCollectionMetrics parameter; Developer Guide "Local secondary indexes", item collections).
 */
class ItemCollectionMetricsTest extends ServerFixture {

    private static final List<Double> SMALL = List.of(0.0, 1.0);


    private static void assertSmallCollection(ItemCollectionMetrics m, String partition) {
        assertThat(m).isNotNull();
        // The key is the partition key alone, never the sort key.
        assertThat(m.itemCollectionKey()).containsExactly(Map.entry("pk", AttributeValue.fromS(partition)));
        assertThat(m.sizeEstimateRangeGB()).containsExactlyElementsOf(SMALL);
    }

    @Test
    @DisplayName("PutItem with SIZE on a table with an LSI returns the partition key and [0.0, 1.0]; without it, nothing")
    void putItemReportsTheCollectionOnlyWhenAsked() {
        String t = lsiTable(ProjectionType.ALL);
        var withSize = ddb.putItem(r -> r.tableName(t).item(item("pk", "p1", "sk", "a", "rank", n("1")))
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE));
        assertSmallCollection(withSize.itemCollectionMetrics(), "p1");
        assertThat(ddb.putItem(r -> r.tableName(t).item(item("pk", "p1", "sk", "b"))).itemCollectionMetrics()).isNull();
        assertThat(ddb.putItem(r -> r.tableName(t).item(item("pk", "p1", "sk", "c"))
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.NONE)).itemCollectionMetrics()).isNull();
    }

    @Test
    @DisplayName("UpdateItem with SIZE reports the collection of the updated item; without it, nothing")
    void updateItemReportsTheCollectionOnlyWhenAsked() {
        String t = lsiTable(ProjectionType.KEYS_ONLY);
        var withSize = ddb.updateItem(r -> r.tableName(t).key(item("pk", "p2", "sk", "a"))
                .updateExpression("SET #r = :r").expressionAttributeNames(Map.of("#r", "rank"))
                .expressionAttributeValues(Map.of(":r", n("7")))
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE));
        assertSmallCollection(withSize.itemCollectionMetrics(), "p2");
        var without = ddb.updateItem(r -> r.tableName(t).key(item("pk", "p2", "sk", "a"))
                .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", s("x"))));
        assertThat(without.itemCollectionMetrics()).isNull();
    }

    @Test
    @DisplayName("DeleteItem with SIZE reports the collection it removed from; without it, nothing")
    void deleteItemReportsTheCollectionOnlyWhenAsked() {
        String t = lsiTable(ProjectionType.ALL);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "p3", "sk", "a", "rank", n("1"))));
        ddb.putItem(r -> r.tableName(t).item(item("pk", "p3", "sk", "b", "rank", n("2"))));
        var withSize = ddb.deleteItem(r -> r.tableName(t).key(item("pk", "p3", "sk", "a"))
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE));
        assertSmallCollection(withSize.itemCollectionMetrics(), "p3");
        assertThat(ddb.deleteItem(r -> r.tableName(t).key(item("pk", "p3", "sk", "b"))).itemCollectionMetrics())
                .isNull();
        assertThat(ddb.scan(r -> r.tableName(t)).count()).isZero();
    }

    @Test
    @DisplayName("BatchWriteItem with SIZE maps each LSI table to one entry per item collection it modified")
    void batchWriteItemReportsOneEntryPerCollectionPerTable() {
        String first = lsiTable(ProjectionType.ALL);
        String second = lsiTable(ProjectionType.KEYS_ONLY);
        String plain = createTable("S");
        ddb.putItem(r -> r.tableName(first).item(item("pk", "gone", "sk", "x")));
        Map<String, List<WriteRequest>> requests = new LinkedHashMap<>();
        requests.put(first, List.of(put(item("pk", "a", "sk", "1", "rank", n("1"))), put(item("pk", "a", "sk", "2")),
                put(item("pk", "b", "sk", "1")),
                WriteRequest.builder().deleteRequest(d -> d.key(item("pk", "gone", "sk", "x"))).build()));
        requests.put(second, List.of(put(item("pk", "c", "sk", "1", "rank", n("5")))));
        requests.put(plain, List.of(put(item("pk", "d", "sk", "1"))));
        BatchWriteItemResponse withSize = ddb.batchWriteItem(r -> r.requestItems(requests)
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE));
        assertThat(withSize.unprocessedItems()).isEmpty();
        // The table without local secondary indexes gets no entry at all.
        assertThat(withSize.itemCollectionMetrics()).containsOnlyKeys(first, second);
        assertThat(withSize.itemCollectionMetrics().get(first)).extracting(m -> m.itemCollectionKey().get("pk").s())
                .containsExactly("a", "b", "gone");
        withSize.itemCollectionMetrics().get(first).forEach(m -> assertThat(m.sizeEstimateRangeGB()).isEqualTo(SMALL));
        assertSmallCollection(withSize.itemCollectionMetrics().get(second).get(0), "c");

        BatchWriteItemResponse without = ddb.batchWriteItem(r -> r.requestItems(
                Map.of(first, List.of(put(item("pk", "e", "sk", "1"))))));
        assertThat(without.hasItemCollectionMetrics()).isFalse();
    }

    @Test
    @DisplayName("TransactWriteItems with SIZE reports the collections its puts, updates and deletes modified, not its condition checks")
    void transactWriteItemsReportsModifiedCollections() {
        String t = lsiTable(ProjectionType.ALL);
        String plain = createTable("S");
        ddb.putItem(r -> r.tableName(t).item(item("pk", "old", "sk", "1")));
        ddb.putItem(r -> r.tableName(t).item(item("pk", "checked", "sk", "1")));
        TransactWriteItemsResponse withSize = ddb.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(t).item(item("pk", "new", "sk", "1", "rank", n("3"))))
                        .build(),
                TransactWriteItem.builder().update(u -> u.tableName(t).key(item("pk", "new", "sk", "2"))
                        .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", s("x")))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(t).key(item("pk", "old", "sk", "1"))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(t).key(item("pk", "checked", "sk", "1"))
                        .conditionExpression("attribute_exists(pk)")).build(),
                TransactWriteItem.builder().put(p -> p.tableName(plain).item(item("pk", "p", "sk", "1"))).build())
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE));
        assertThat(withSize.itemCollectionMetrics()).containsOnlyKeys(t);
        assertThat(withSize.itemCollectionMetrics().get(t)).extracting(m -> m.itemCollectionKey().get("pk").s())
                .containsExactly("new", "old");
        withSize.itemCollectionMetrics().get(t).forEach(m -> assertThat(m.sizeEstimateRangeGB()).isEqualTo(SMALL));

        TransactWriteItemsResponse without = ddb.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(t).item(item("pk", "later", "sk", "1"))).build()));
        assertThat(without.hasItemCollectionMetrics()).isFalse();
    }

    @Test
    @DisplayName("A table without local secondary indexes never returns ItemCollectionMetrics, even with SIZE")
    void tableWithoutLocalIndexesReturnsNoMetrics() {
        String t = createTable("S");
        var size = ReturnItemCollectionMetrics.SIZE;
        assertThat(ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "sk", "1")).returnItemCollectionMetrics(size))
                .itemCollectionMetrics()).isNull();
        assertThat(ddb.updateItem(r -> r.tableName(t).key(item("pk", "a", "sk", "1")).updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", s("1"))).returnItemCollectionMetrics(size))
                .itemCollectionMetrics()).isNull();
        assertThat(ddb.deleteItem(r -> r.tableName(t).key(item("pk", "a", "sk", "1")).returnItemCollectionMetrics(size))
                .itemCollectionMetrics()).isNull();
        assertThat(ddb.batchWriteItem(r -> r.requestItems(Map.of(t, List.of(put(item("pk", "b", "sk", "1")))))
                .returnItemCollectionMetrics(size)).hasItemCollectionMetrics()).isFalse();
        assertThat(ddb.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder()
                .put(p -> p.tableName(t).item(item("pk", "c", "sk", "1"))).build()).returnItemCollectionMetrics(size))
                .hasItemCollectionMetrics()).isFalse();
    }

    @Test
    @DisplayName("A collection that grows by megabytes stays within [0.0, 1.0] GB: the bounds are whole gigabytes")
    void growingCollectionStaysInTheFirstGigabyte() {
        String t = lsiTable(ProjectionType.ALL);
        String body = "x".repeat(300 * 1024);
        for (int i = 0; i < 8; i++) {
            String sk = "s" + i;
            var response = ddb.putItem(r -> r.tableName(t).item(item("pk", "big", "sk", sk, "rank", n("1"), "body", body))
                    .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE));
            assertSmallCollection(response.itemCollectionMetrics(), "big");
        }
    }

    @Test
    @DisplayName("Bad ReturnItemCollectionMetrics values fail validation on every write operation and write nothing")
    void badValueFailsValidation() {
        String t = lsiTable(ProjectionType.ALL);
        String expected = "1 validation error detected: Value 'BIG' at 'returnItemCollectionMetrics' failed to "
                + "satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]";
        List<Runnable> calls = List.of(
                () -> ddb.putItem(r -> r.tableName(t).item(item("pk", "v", "sk", "1")).returnItemCollectionMetrics("BIG")),
                () -> ddb.updateItem(r -> r.tableName(t).key(item("pk", "v", "sk", "2")).updateExpression("SET a = :a")
                        .expressionAttributeValues(Map.of(":a", s("1"))).returnItemCollectionMetrics("BIG")),
                () -> ddb.deleteItem(r -> r.tableName(t).key(item("pk", "v", "sk", "3")).returnItemCollectionMetrics("BIG")),
                () -> ddb.batchWriteItem(r -> r.requestItems(Map.of(t, List.of(put(item("pk", "v", "sk", "4")))))
                        .returnItemCollectionMetrics("BIG")),
                () -> ddb.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder()
                        .put(p -> p.tableName(t).item(item("pk", "v", "sk", "5"))).build())
                        .returnItemCollectionMetrics("BIG")));
        for (Runnable call : calls) {
            DynamoDbException e = expect(DynamoDbException.class, call);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(expected);
        }
        assertThat(ddb.scan(r -> r.tableName(t)).count()).isZero();
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(p -> p.item(item)).build();
    }

    /** The size estimate's documented meaning: whole-gigabyte bounds around the collection's size. */
    @Nested
    class Bounds {

        private static final long GB = 1024L * 1024 * 1024;

        @Test
        @DisplayName("An empty or small collection is between 0 and 1 GB")
        void smallCollections() {
            assertThat(ItemCollectionSize.rangeGb(0)).containsExactly(0.0, 1.0);
            assertThat(ItemCollectionSize.rangeGb(GB - 1)).containsExactly(0.0, 1.0);
        }

        @Test
        @DisplayName("The bounds move up one gigabyte each time the collection passes a gigabyte")
        void boundsMoveAsTheCollectionGrows() {
            assertThat(ItemCollectionSize.rangeGb(GB)).containsExactly(1.0, 2.0);
            assertThat(ItemCollectionSize.rangeGb(GB + GB / 2)).containsExactly(1.0, 2.0);
            assertThat(ItemCollectionSize.rangeGb(10 * GB + 1)).containsExactly(10.0, 11.0);
        }
    }

    /**
     * The running per-collection byte count behind the estimate, checked on the engine directly:
     * items plus, per LSI entry, the projected attributes and 100 bytes of overhead (Developer Guide
     * "Local secondary indexes", storage considerations).
     */
    @Nested
    class RunningCount {

        private static dev.sagastack.local.dynamodb.value.AttributeValue str(String v) {
            return new dev.sagastack.local.dynamodb.value.AttributeValue.S(v);
        }

        private static dev.sagastack.local.dynamodb.value.AttributeValue num(long v) {
            return new dev.sagastack.local.dynamodb.value.AttributeValue.N(BigDecimal.valueOf(v));
        }

        private static Item engineItem(Object... kv) {
            Map<String, dev.sagastack.local.dynamodb.value.AttributeValue> m = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                Object v = kv[i + 1];
                m.put((String) kv[i], v instanceof Long l ? num(l) : str((String) v));
            }
            return new Item(m);
        }

        private TableSchema schema(String name, IndexSchema.ProjectionType projection, List<String> include) {
            KeyAttribute pk = new KeyAttribute("pk", dev.sagastack.local.dynamodb.value.AttributeValue.Type.S);
            KeyAttribute sk = new KeyAttribute("sk", dev.sagastack.local.dynamodb.value.AttributeValue.Type.S);
            KeyAttribute rank = new KeyAttribute("rank", dev.sagastack.local.dynamodb.value.AttributeValue.Type.N);
            IndexSchema lsi = new IndexSchema("byRank", false, pk, Optional.of(rank), projection, include,
                    Optional.empty());
            return new TableSchema(name, name + "-id", Instant.EPOCH, pk, Optional.of(sk), List.of(pk, sk, rank),
                    true, Optional.empty(), List.of(), List.of(lsi), Optional.empty(), Optional.empty(), false);
        }

        private void write(Database db, Table table, Item oldItem, Item newItem) {
            Item any = newItem != null ? newItem : oldItem;
            byte[] key = table.primaryKey(any.attributes());
            Runnable unlock = db.lockItem(table, key);
            try {
                table.write(key, oldItem, newItem, 0, false);
            } finally {
                unlock.run();
            }
        }

        @Test
        @DisplayName("KEYS_ONLY: an indexed item adds itself plus keys, index key and 100 bytes; a sparse item only itself")
        void keysOnlyProjection() {
            try (Database db = new Database(Clock.systemUTC(), Persistence.NONE)) {
                Table table = db.createTable(schema("k", IndexSchema.ProjectionType.KEYS_ONLY, List.of()));
                // pk "p" = 2+1, sk "s1" = 2+2, rank 5 = 4+2, body "xxxxx" = 4+5: 22 bytes
                Item indexed = engineItem("pk", "p", "sk", "s1", "rank", 5L, "body", "xxxxx");
                assertThat(ItemSize.of(indexed)).isEqualTo(22);
                write(db, table, null, indexed);
                assertThat(table.collectionBytes(str("p"))).isEqualTo(22 + 100 + 3 + 4 + 6);
                Item sparse = engineItem("pk", "p", "sk", "s2", "body", "xxxxx");
                write(db, table, null, sparse);
                assertThat(table.collectionBytes(str("p"))).isEqualTo(135 + ItemSize.of(sparse));
                assertThat(table.collectionBytes(str("other"))).isZero();
            }
        }

        @Test
        @DisplayName("ALL and INCLUDE: the index entry carries the whole item, or the keys plus the included attributes")
        void allAndIncludeProjections() {
            try (Database db = new Database(Clock.systemUTC(), Persistence.NONE)) {
                Item item = engineItem("pk", "p", "sk", "s1", "rank", 5L, "body", "xxxxx", "note", "yy");
                int size = ItemSize.of(item);
                Table all = db.createTable(schema("all", IndexSchema.ProjectionType.ALL, List.of()));
                write(db, all, null, item);
                assertThat(all.collectionBytes(str("p"))).isEqualTo(2L * size + 100);
                Table include = db.createTable(schema("inc", IndexSchema.ProjectionType.INCLUDE, List.of("note")));
                write(db, include, null, item);
                // keys 3 + 4 + 6, note = 4 + 2
                assertThat(include.collectionBytes(str("p"))).isEqualTo(size + 100 + 13 + 6);
            }
        }

        @Test
        @DisplayName("Overwrites, updates that drop the index key, deletes and TTL removals keep the count exact")
        void countFollowsEveryChange() {
            try (Database db = new Database(Clock.systemUTC(), Persistence.NONE)) {
                Table table = db.createTable(schema("c", IndexSchema.ProjectionType.ALL, List.of()));
                Item a1 = engineItem("pk", "p", "sk", "a", "rank", 1L);
                Item a2 = engineItem("pk", "p", "sk", "a", "rank", 2L, "body", "longer body");
                Item a3 = engineItem("pk", "p", "sk", "a", "body", "no rank");
                Item b = engineItem("pk", "p", "sk", "b", "rank", 9L);
                write(db, table, null, a1);
                write(db, table, null, b);
                long bBytes = 2L * ItemSize.of(b) + 100;
                assertThat(table.collectionBytes(str("p"))).isEqualTo(2L * ItemSize.of(a1) + 100 + bBytes);
                write(db, table, a1, a2);
                assertThat(table.collectionBytes(str("p"))).isEqualTo(2L * ItemSize.of(a2) + 100 + bBytes);
                write(db, table, a2, a3);
                assertThat(table.collectionBytes(str("p"))).isEqualTo(ItemSize.of(a3) + bBytes);
                write(db, table, a3, null);
                assertThat(table.collectionBytes(str("p"))).isEqualTo(bBytes);
                byte[] bKey = table.primaryKey(b.attributes());
                table.write(bKey, b, null, 0, true); // as the TTL sweeper removes an expired item
                assertThat(table.collectionBytes(str("p"))).isZero();
            }
        }

        @Test
        @DisplayName("Concurrent writes to different sort keys of one partition add up exactly")
        void concurrentWritesToOneCollection() throws Exception {
            long seed = System.nanoTime();
            System.out.println("concurrentWritesToOneCollection seed=" + seed);
            java.util.Random random = new java.util.Random(seed);
            int threads = 4;
            int perThread = 200;
            int[] bodyLengths = new int[threads * perThread];
            for (int i = 0; i < bodyLengths.length; i++) {
                bodyLengths[i] = random.nextInt(200);
            }
            try (Database db = new Database(Clock.systemUTC(), Persistence.NONE)) {
                Table table = db.createTable(schema("cc", IndexSchema.ProjectionType.ALL, List.of()));
                List<Item> items = new java.util.ArrayList<>();
                long expected = 0;
                for (int i = 0; i < bodyLengths.length; i++) {
                    Item item = engineItem("pk", "p", "sk", "s" + i, "rank", (long) i, "body", "b".repeat(bodyLengths[i]));
                    items.add(item);
                    expected += 2L * ItemSize.of(item) + 100;
                }
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
                try {
                    List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        int from = t * perThread;
                        done.add(pool.submit(() -> {
                            for (int i = from; i < from + perThread; i++) {
                                write(db, table, null, items.get(i));
                            }
                        }));
                    }
                    for (java.util.concurrent.Future<?> f : done) {
                        f.get();
                    }
                    assertThat(table.collectionBytes(str("p"))).isEqualTo(expected);
                    done.clear();
                    for (int t = 0; t < threads; t++) {
                        int from = t * perThread;
                        done.add(pool.submit(() -> {
                            for (int i = from; i < from + perThread; i++) {
                                write(db, table, items.get(i), null);
                            }
                        }));
                    }
                    for (java.util.concurrent.Future<?> f : done) {
                        f.get();
                    }
                    assertThat(table.collectionBytes(str("p"))).isZero();
                } finally {
                    pool.shutdownNow();
                }
            }
        }

        @Test
        @DisplayName("The count is rebuilt from the stored items when a persistent server restarts")
        void countSurvivesRestart(@TempDir Path dir) {
            Item item = engineItem("pk", "p", "sk", "a", "rank", 1L, "body", "persisted");
            long expected = 2L * ItemSize.of(item) + 100;
            try (Database db = new Database(Clock.systemUTC(), new LogPersistence(dir))) {
                Table table = db.createTable(schema("r", IndexSchema.ProjectionType.ALL, List.of()));
                write(db, table, null, item);
                db.persistence().sync();
            }
            try (Database db = new Database(Clock.systemUTC(), new LogPersistence(dir))) {
                assertThat(db.table("r").collectionBytes(str("p"))).isEqualTo(expected);
            }
        }
    }
}
