package dev.sagastack.local.dynamodb.dax;

import dev.sagastack.local.dynamodb.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache rules of the DAX developer guide ("DAX and DynamoDB consistency models", "DAX item cache",
 * "DAX query cache"), through the real ClusterDaxClient, with writes made directly to the engine on one
 * side and through DAX on the other.
 */
class DaxCacheTest extends DaxFixture {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Override
    protected DaxServer.Options daxOptions() {
        return DaxServer.Options.defaults().withClock(clock);
    }

    private Map<String, AttributeValue> daxGet(String table, String pk, boolean consistent) {
        return dax.getItem(GetItemRequest.builder().tableName(table).key(key(pk)).consistentRead(consistent).build())
                .item();
    }

    private void directPut(String table, String pk, String v) {
        ddb.putItem(PutItemRequest.builder().tableName(table).item(Map.of("pk", s(pk), "v", s(v))).build());
    }

    @Test
    void eventuallyConsistentGetIsStaleAfterADirectWriteUntilTheTtlEnds() {
        String table = createTable(null);
        directPut(table, "a", "1");
        assertThat(daxGet(table, "a", false).get("v")).isEqualTo(s("1"));
        directPut(table, "a", "2");
        assertThat(daxGet(table, "a", false).get("v")).as("item cache is not told of direct writes").isEqualTo(s("1"));
        assertThat(daxGet(table, "a", true).get("v")).as("strongly consistent reads pass through").isEqualTo(s("2"));
        clock.advance(Duration.ofMinutes(4));
        assertThat(daxGet(table, "a", false).get("v")).isEqualTo(s("1"));
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(daxGet(table, "a", false).get("v")).as("after the 5 minute default TTL").isEqualTo(s("2"));
    }

    @Test
    void negativeResultsAreCachedToo() {
        String table = createTable(null);
        assertThat(daxGet(table, "later", false)).isEmpty();
        directPut(table, "later", "x");
        assertThat(daxGet(table, "later", false)).isEmpty();
        assertThat(daxGet(table, "later", true)).containsEntry("v", s("x"));
    }

    @Test
    void writesThroughDaxAreSeenByTheNextRead() {
        String table = createTable(null);
        directPut(table, "w", "1");
        assertThat(daxGet(table, "w", false).get("v")).isEqualTo(s("1"));
        dax.putItem(PutItemRequest.builder().tableName(table).item(Map.of("pk", s("w"), "v", s("2"))).build());
        assertThat(daxGet(table, "w", false).get("v")).isEqualTo(s("2"));
        dax.updateItem(UpdateItemRequest.builder().tableName(table).key(key("w")).updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", s("3"))).build());
        assertThat(daxGet(table, "w", false).get("v")).isEqualTo(s("3"));
        dax.deleteItem(DeleteItemRequest.builder().tableName(table).key(key("w")).build());
        assertThat(daxGet(table, "w", false)).isEmpty();
        DaxCache.Counters c = daxServer.cache().counters().get(table);
        assertThat(c.itemHits()).as("reads after writes through DAX are served from the written-through cache")
                .isEqualTo(3);
        assertThat(c.itemMisses()).isEqualTo(1);
    }

    @Test
    void batchGetUsesTheItemCache() {
        String table = createTable(null);
        directPut(table, "b1", "1");
        directPut(table, "b2", "1");
        BatchGetItemRequest get = BatchGetItemRequest.builder().requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(key("b1"), key("b2")).build())).build();
        assertThat(dax.batchGetItem(get).responses().get(table)).hasSize(2);
        directPut(table, "b1", "2");
        assertThat(dax.batchGetItem(get).responses().get(table)).extracting(m -> m.get("v"))
                .containsOnly(s("1"));
        assertThat(daxGet(table, "b1", false).get("v")).as("GetItem and BatchGetItem share the item cache")
                .isEqualTo(s("1"));
    }

    @Test
    void queryCacheIsKeyedByRequestAndIgnoresWritesEvenThroughDax() {
        String table = createTable(ScalarAttributeType.S);
        ddb.putItem(PutItemRequest.builder().tableName(table).item(Map.of("pk", s("q"), "sk", s("1"))).build());
        QueryRequest q = QueryRequest.builder().tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("q"))).build();
        assertThat(dax.query(q).count()).isEqualTo(1);
        dax.putItem(PutItemRequest.builder().tableName(table).item(Map.of("pk", s("q"), "sk", s("2"))).build());
        assertThat(dax.query(q).count()).as("the query cache is not invalidated by writes").isEqualTo(1);
        assertThat(dax.query(q.toBuilder().consistentRead(true).build()).count()).isEqualTo(2);
        assertThat(dax.query(q.toBuilder().limit(10).build()).count()).as("another request, another entry")
                .isEqualTo(2);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(dax.query(q).count()).isEqualTo(2);
        DaxCache.Counters c = daxServer.cache().counters().get(table);
        assertThat(c.queryHits()).isEqualTo(1);
        assertThat(c.queryMisses()).isEqualTo(3);
    }

    @Test
    void transactionalReadsPassThrough() {
        String table = createTable(null);
        directPut(table, "t", "1");
        assertThat(daxGet(table, "t", false).get("v")).isEqualTo(s("1"));
        directPut(table, "t", "2");
        var r = dax.transactGetItems(TransactGetItemsRequest.builder().transactItems(TransactGetItem.builder()
                .get(Get.builder().tableName(table).key(key("t")).build()).build()).build());
        assertThat(r.responses().get(0).item().get("v")).isEqualTo(s("2"));
    }

    @Test
    void configurableTtlsAndDisabledCaches() throws IOException {
        try (DaxServer noCache = DaxServer.start(server.api(),
                DaxServer.Options.defaults().withTtls(Duration.ZERO, Duration.ZERO))) {
            var client = daxClient(noCache.endpoint().toString());
            String table = createTable(null);
            directPut(table, "z", "1");
            client.getItem(GetItemRequest.builder().tableName(table).key(key("z")).build());
            directPut(table, "z", "2");
            assertThat(client.getItem(GetItemRequest.builder().tableName(table).key(key("z")).build()).item()
                    .get("v")).isEqualTo(s("2"));
            client.close();
        }
    }

    @Test
    void concurrentWritesAndReadsThroughDaxLeaveTheLastWriteCached() throws Exception {
        String table = createTable(null);
        directPut(table, "race", "0");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            boolean writer = t % 2 == 0;
            work.add(pool.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    if (writer) {
                        dax.updateItem(UpdateItemRequest.builder().tableName(table).key(key("race"))
                                .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", n("1")))
                                .build());
                    } else {
                        daxGet(table, "race", false);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        Map<String, AttributeValue> stored = ddb.getItem(GetItemRequest.builder().tableName(table).key(key("race"))
                .build()).item();
        assertThat(stored.get("n")).isEqualTo(n("160"));
        assertThat(daxGet(table, "race", false)).as("no read or write that lost a race left an older item")
                .isEqualTo(stored);
    }
}
