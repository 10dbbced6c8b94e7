package dev.sagastack.local.dynamodb.dax;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

import static org.assertj.core.api.Assertions.assertThat;

/** Query and Scan through the real ClusterDaxClient, compared with the same calls to the engine. */
class DaxQueryScanTest extends DaxFixture {

    private String table;
    private String numbers;

    @BeforeAll
    void data() {
        table = createTable(ScalarAttributeType.S);
        numbers = createTable(ScalarAttributeType.N);
        for (int i = 0; i < 12; i++) {
            String g = i % 2 == 0 ? "even" : "odd";
            ddb.putItem(PutItemRequest.builder().tableName(table).item(Map.of("pk", s("user#1"),
                    "sk", s(String.format("order#%03d", i)), "g", s(g), "total", n(Integer.toString(i * 10)),
                    "lineItems", AttributeValue.fromL(List.of(s("a" + i), s("b" + i))))).build());
            ddb.putItem(PutItemRequest.builder().tableName(numbers).item(Map.of("pk", s("n"),
                    "sk", n(Integer.toString(i * 7 - 40) + ".5"), "g", s(g))).build());
        }
        ddb.putItem(PutItemRequest.builder().tableName(table).item(Map.of("pk", s("user#2"),
                "sk", s("order#000"), "g", s("even"), "total", n("5"))).build());
    }

    @Test
    void queryWithKeyConditionFilterAndProjectionMatchesTheEngine() {
        QueryRequest q = QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :p AND begins_with(sk, :o)")
                .filterExpression("#t >= :min OR g = :g")
                .projectionExpression("sk, #t, lineItems[1]")
                .expressionAttributeNames(Map.of("#t", "total"))
                .expressionAttributeValues(Map.of(":p", s("user#1"), ":o", s("order#"), ":min", n("80"),
                        ":g", s("odd")))
                .build();
        QueryResponse viaDax = dax.query(q);
        QueryResponse viaEngine = ddb.query(q);
        assertThat(viaDax.items()).isEqualTo(viaEngine.items()).hasSize(8);
        assertThat(viaDax.count()).isEqualTo(viaEngine.count());
        assertThat(viaDax.scannedCount()).isEqualTo(viaEngine.scannedCount()).isEqualTo(12);
    }

    @Test
    void queryBackwardsInPagesFollowsLastEvaluatedKey() {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("user#1"))).scanIndexForward(false).limit(5);
        List<Map<String, AttributeValue>> viaDax = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            QueryResponse page = dax.query(q.exclusiveStartKey(start).build());
            QueryResponse same = ddb.query(q.exclusiveStartKey(start).build());
            assertThat(page.items()).isEqualTo(same.items());
            assertThat(page.lastEvaluatedKey()).isEqualTo(same.lastEvaluatedKey());
            viaDax.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        assertThat(pages).isEqualTo(3);
        assertThat(viaDax).hasSize(12);
        assertThat(viaDax.get(0).get("sk")).isEqualTo(s("order#011"));
    }

    @Test
    void numericRangeKeysQueryInNumericOrderWithBetween() {
        QueryRequest q = QueryRequest.builder().tableName(numbers)
                .keyConditionExpression("pk = :p AND sk BETWEEN :lo AND :hi")
                .expressionAttributeValues(Map.of(":p", s("n"), ":lo", n("-20"), ":hi", n("15"))).limit(2).build();
        QueryResponse viaDax = dax.query(q);
        QueryResponse viaEngine = ddb.query(q);
        assertThat(viaDax.items()).isEqualTo(viaEngine.items()).hasSize(2);
        assertThat(viaDax.lastEvaluatedKey()).isEqualTo(viaEngine.lastEvaluatedKey());
        QueryResponse next = dax.query(q.toBuilder().exclusiveStartKey(viaDax.lastEvaluatedKey()).build());
        assertThat(next.items()).isEqualTo(
                ddb.query(q.toBuilder().exclusiveStartKey(viaEngine.lastEvaluatedKey()).build()).items());
    }

    @Test
    void indexQueryPagesWithIndexKeys() {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName("byG")
                .keyConditionExpression("g = :g").expressionAttributeValues(Map.of(":g", s("even"))).limit(4);
        QueryResponse viaDax = dax.query(q.build());
        QueryResponse viaEngine = ddb.query(q.build());
        assertThat(viaDax.items()).isEqualTo(viaEngine.items()).hasSize(4);
        assertThat(viaDax.lastEvaluatedKey()).isEqualTo(viaEngine.lastEvaluatedKey()).containsKeys("g", "pk", "sk");
        assertThat(dax.query(q.exclusiveStartKey(viaDax.lastEvaluatedKey()).build()).items())
                .isEqualTo(ddb.query(q.exclusiveStartKey(viaEngine.lastEvaluatedKey()).build()).items());
    }

    @Test
    void scanWithFilterCountAndSegmentsMatchesTheEngine() {
        ScanRequest scan = ScanRequest.builder().tableName(table).filterExpression("size(lineItems) = :two")
                .expressionAttributeValues(Map.of(":two", n("2"))).build();
        ScanResponse viaDax = dax.scan(scan);
        assertThat(viaDax.items()).isEqualTo(ddb.scan(scan).items()).hasSize(12);
        ScanRequest count = ScanRequest.builder().tableName(table).select(Select.COUNT).build();
        assertThat(dax.scan(count).count()).isEqualTo(ddb.scan(count).count()).isEqualTo(13);
        int total = 0;
        for (int segment = 0; segment < 3; segment++) {
            ScanRequest part = ScanRequest.builder().tableName(table).segment(segment).totalSegments(3).build();
            ScanResponse r = dax.scan(part);
            assertThat(r.items()).isEqualTo(ddb.scan(part).items());
            total += r.count();
        }
        assertThat(total).isEqualTo(13);
    }

    @Test
    void nestedConditionsKeepTheirMeaning() {
        ScanRequest scan = ScanRequest.builder().tableName(table)
                .filterExpression("(g = :odd OR #t IN (:a, :b)) AND NOT contains(sk, :nine) AND #t BETWEEN :lo AND :hi"
                        + " OR size(lineItems) > :three")
                .expressionAttributeNames(Map.of("#t", "total"))
                .expressionAttributeValues(Map.of(":odd", s("odd"), ":a", n("20"), ":b", n("40"), ":nine", s("9"),
                        ":lo", n("10"), ":hi", n("90"), ":three", n("3")))
                .build();
        ScanResponse viaDax = dax.scan(scan);
        assertThat(viaDax.items()).isEqualTo(ddb.scan(scan).items());
        assertThat(viaDax.count()).isBetween(1, 11);
    }
}
