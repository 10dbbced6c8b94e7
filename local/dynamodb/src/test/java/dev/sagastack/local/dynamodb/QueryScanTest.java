package dev.sagastack.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** Query and Scan (DynamoDB API Reference: Query, Scan; Developer Guide: "Paginating table query results"). */
class QueryScanTest extends ServerFixture {

    private String numberSorted() {
        String t = createTable("N");
        for (String sk : List.of("10", "-5", "2.5", "100", "0", "-100.25", "3")) {
            ddb.putItem(r -> r.tableName(t).item(item("pk", "p", "sk", n(sk), "v", "x" + sk)));
        }
        ddb.putItem(r -> r.tableName(t).item(item("pk", "other", "sk", n("1"))));
        return t;
    }

    private static List<String> sortKeys(QueryResponse r) {
        return r.items().stream().map(i -> i.get("sk").n()).toList();
    }

    @Test
    void queryReturnsPartitionInNumericOrderBothWays() {
        String t = numberSorted();
        QueryResponse asc = ddb.query(r -> r.tableName(t).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))));
        assertThat(sortKeys(asc)).containsExactly("-100.25", "-5", "0", "2.5", "3", "10", "100");
        QueryResponse desc = ddb.query(r -> r.tableName(t).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).scanIndexForward(false));
        assertThat(sortKeys(desc)).containsExactly("100", "10", "3", "2.5", "0", "-5", "-100.25");
    }

    @Test
    void queryAppliesSortKeyConditions() {
        String t = numberSorted();
        assertThat(sortKeys(q(t, "pk = :p AND sk BETWEEN :a AND :b", Map.of(":a", n("-5"), ":b", n("3")))))
                .containsExactly("-5", "0", "2.5", "3");
        assertThat(sortKeys(q(t, "pk = :p AND sk < :a", Map.of(":a", n("0"))))).containsExactly("-100.25", "-5");
        assertThat(sortKeys(q(t, "pk = :p AND sk <= :a", Map.of(":a", n("0"))))).containsExactly("-100.25", "-5", "0");
        assertThat(sortKeys(q(t, "pk = :p AND sk > :a", Map.of(":a", n("10"))))).containsExactly("100");
        assertThat(sortKeys(q(t, "pk = :p AND sk >= :a", Map.of(":a", n("10"))))).containsExactly("10", "100");
        assertThat(sortKeys(q(t, "pk = :p AND sk = :a", Map.of(":a", n("2.50"))))).containsExactly("2.5");
    }

    private QueryResponse q(String table, String condition, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new java.util.HashMap<>(values);
        all.put(":p", s("p"));
        return ddb.query(r -> r.tableName(table).keyConditionExpression(condition).expressionAttributeValues(all));
    }

    @Test
    void stringSortKeysOrderByUtf8BytesAndSupportBeginsWith() {
        String t = createTable("S");
        // U+FF5E sorts after U+10000 in UTF-16 order but before it in UTF-8 byte order.
        for (String sk : List.of("b", "a", "ab", "a\u0000", "\uff5e", "\ud800\udc00", "Z")) {
            ddb.putItem(r -> r.tableName(t).item(item("pk", "p", "sk", s(sk))));
        }
        QueryResponse all = ddb.query(r -> r.tableName(t).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))));
        assertThat(all.items()).extracting(i -> i.get("sk").s())
                .containsExactly("Z", "a", "a\u0000", "ab", "b", "\uff5e", "\ud800\udc00");
        QueryResponse prefixed = ddb.query(r -> r.tableName(t).keyConditionExpression("pk = :p AND begins_with(sk, :a)")
                .expressionAttributeValues(Map.of(":p", s("p"), ":a", s("a"))));
        assertThat(prefixed.items()).extracting(i -> i.get("sk").s()).containsExactly("a", "a\u0000", "ab");
        QueryResponse exact = ddb.query(r -> r.tableName(t).keyConditionExpression("pk = :p AND sk = :a")
                .expressionAttributeValues(Map.of(":p", s("p"), ":a", s("a"))));
        assertThat(exact.items()).extracting(i -> i.get("sk").s()).containsExactly("a");
    }

    @Test
    void binarySortKeysOrderBytewiseUnsigned() {
        String t = createTable("B");
        for (int b : new int[] {0x80, 0x01, 0xff, 0x7f}) {
            ddb.putItem(r -> r.tableName(t).item(item("pk", "p", "sk",
                    AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) b})))));
        }
        QueryResponse all = ddb.query(r -> r.tableName(t).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))));
        assertThat(all.items()).extracting(i -> i.get("sk").b().asByteArray()[0] & 0xff).containsExactly(0x01, 0x7f, 0x80, 0xff);
    }

    @Test
    void queryPaginatesWithLimitAndLastEvaluatedKeyAndFiltersAfterLimit() {
        String t = numberSorted();
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = ddb.query(r -> r.tableName(t).keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s("p"))).limit(3).exclusiveStartKey(from));
            seen.addAll(sortKeys(page));
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        assertThat(seen).containsExactly("-100.25", "-5", "0", "2.5", "3", "10", "100");
        assertThat(pages).isEqualTo(3);

        QueryResponse filtered = ddb.query(r -> r.tableName(t).keyConditionExpression("pk = :p")
                .filterExpression("v <> :x").expressionAttributeValues(Map.of(":p", s("p"), ":x", s("x-5"))).limit(2));
        assertThat(filtered.count()).isEqualTo(1);
        assertThat(filtered.scannedCount()).isEqualTo(2);
        assertThat(filtered.lastEvaluatedKey()).containsEntry("sk", n("-5")).containsEntry("pk", s("p"));
    }

    @Test
    void queryCountAndProjection() {
        String t = numberSorted();
        QueryResponse count = ddb.query(r -> r.tableName(t).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).select(Select.COUNT));
        assertThat(count.count()).isEqualTo(7);
        assertThat(count.hasItems()).isFalse();
        QueryResponse projected = ddb.query(r -> r.tableName(t).keyConditionExpression("pk = :p")
                .projectionExpression("#v").expressionAttributeNames(Map.of("#v", "v"))
                .expressionAttributeValues(Map.of(":p", s("p"))));
        assertThat(projected.items()).allSatisfy(i -> assertThat(i).containsOnlyKeys("v"));
    }

    @Test
    void queryPagesStopAtOneMegabyte() {
        String t = createTable("N");
        String big = "x".repeat(100_000);
        for (int i = 0; i < 25; i++) {
            int k = i;
            ddb.putItem(r -> r.tableName(t).item(item("pk", "p", "sk", n(Integer.toString(k)), "v", big)));
        }
        QueryResponse first = ddb.query(r -> r.tableName(t).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))));
        assertThat(first.count()).isBetween(10, 11);
        assertThat(first.lastEvaluatedKey()).isNotEmpty();
    }

    @Test
    void queryValidationErrors() {
        String t = numberSorted();
        DynamoDbException noCondition = expect(DynamoDbException.class, () -> ddb.query(r -> r.tableName(t)));
        assertThat(noCondition.awsErrorDetails().errorMessage())
                .isEqualTo("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        DynamoDbException noIndex = expect(DynamoDbException.class, () -> ddb.query(r -> r.tableName(t).indexName("nope")
                .keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("p")))));
        assertThat(noIndex.awsErrorDetails().errorMessage()).isEqualTo("The table does not have the specified index: nope");
        DynamoDbException wrongType = expect(DynamoDbException.class, () -> ddb.query(r -> r.tableName(t)
                .keyConditionExpression("pk = :p AND sk > :s").expressionAttributeValues(Map.of(":p", s("p"), ":s", s("1")))));
        assertThat(wrongType.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        DynamoDbException keyFilter = expect(DynamoDbException.class, () -> ddb.query(r -> r.tableName(t)
                .keyConditionExpression("pk = :p").filterExpression("sk > :s")
                .expressionAttributeValues(Map.of(":p", s("p"), ":s", n("1")))));
        assertThat(keyFilter.awsErrorDetails().errorMessage())
                .isEqualTo("Filter Expression can only contain non-primary key attributes: Primary key attribute: sk");
        DynamoDbException outside = expect(DynamoDbException.class, () -> ddb.query(r -> r.tableName(t)
                .keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("p")))
                .exclusiveStartKey(item("pk", "other", "sk", n("1")))));
        assertThat(outside.awsErrorDetails().errorMessage())
                .isEqualTo("The provided starting key is outside query boundaries based on provided conditions");
    }

    @Test
    void globalIndexHoldsOnlyItemsWithItsKeysAndProjectsKeysOnly() {
        String t = createTable("S", b -> b
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("status").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("at").attributeType(ScalarAttributeType.N).build())
                .globalSecondaryIndexes(
                        GlobalSecondaryIndex.builder().indexName("byStatus")
                                .keySchema(KeySchemaElement.builder().attributeName("status").keyType(KeyType.HASH).build(),
                                        KeySchemaElement.builder().attributeName("at").keyType(KeyType.RANGE).build())
                                .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build(),
                        GlobalSecondaryIndex.builder().indexName("byStatusInclude")
                                .keySchema(KeySchemaElement.builder().attributeName("status").keyType(KeyType.HASH).build())
                                .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("note")).build()));
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "sk", "1", "status", "OPEN", "at", n("30"), "note", "n1", "x", "y")));
        ddb.putItem(r -> r.tableName(t).item(item("pk", "b", "sk", "1", "status", "OPEN", "at", n("10"), "note", "n2")));
        ddb.putItem(r -> r.tableName(t).item(item("pk", "c", "sk", "1", "status", "DONE", "at", n("20"))));
        ddb.putItem(r -> r.tableName(t).item(item("pk", "d", "sk", "1", "status", "OPEN")));
        QueryResponse open = ddb.query(r -> r.tableName(t).indexName("byStatus").keyConditionExpression("#s = :s")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":s", s("OPEN"))));
        assertThat(open.items()).extracting(i -> i.get("pk").s()).containsExactly("b", "a");
        assertThat(open.items().get(0)).containsOnlyKeys("pk", "sk", "status", "at");
        QueryResponse include = ddb.query(r -> r.tableName(t).indexName("byStatusInclude").keyConditionExpression("#s = :s")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":s", s("OPEN"))));
        assertThat(include.count()).isEqualTo(3);
        assertThat(include.items()).allSatisfy(i -> assertThat(i).doesNotContainKey("x"));
        // Moving an item out of the index removes it; a changed key moves it.
        ddb.updateItem(r -> r.tableName(t).key(item("pk", "a", "sk", "1")).updateExpression("SET #s = :d")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":d", s("DONE"))));
        ddb.deleteItem(r -> r.tableName(t).key(item("pk", "b", "sk", "1")));
        QueryResponse after = ddb.query(r -> r.tableName(t).indexName("byStatus").keyConditionExpression("#s = :s")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":s", s("DONE"))));
        assertThat(after.items()).extracting(i -> i.get("pk").s()).containsExactly("c", "a");
        DynamoDbException consistent = expect(DynamoDbException.class, () -> ddb.query(r -> r.tableName(t)
                .indexName("byStatus").consistentRead(true).keyConditionExpression("#s = :s")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":s", s("DONE")))));
        assertThat(consistent.awsErrorDetails().errorMessage())
                .isEqualTo("Consistent reads are not supported on global secondary indexes");
        DynamoDbException typeMismatch = expect(DynamoDbException.class, () -> ddb.putItem(r -> r.tableName(t)
                .item(item("pk", "e", "sk", "1", "at", "not-a-number"))));
        assertThat(typeMismatch.awsErrorDetails().errorMessage()).isEqualTo("One or more parameter values were invalid: "
                + "Type mismatch for Index Key at Expected: N Actual: S IndexName: byStatus");
    }

    @Test
    void globalIndexPaginationResumesFromIndexKey() {
        String t = createTable(null, b -> b
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG")
                        .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
        for (int i = 0; i < 10; i++) {
            int k = i;
            ddb.putItem(r -> r.tableName(t).item(item("pk", "p" + k, "g", "same")));
        }
        Set<String> seen = new HashSet<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = ddb.query(r -> r.tableName(t).indexName("byG").keyConditionExpression("g = :g")
                    .expressionAttributeValues(Map.of(":g", s("same"))).limit(4).exclusiveStartKey(from));
            page.items().forEach(i -> assertThat(seen.add(i.get("pk").s())).isTrue());
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            if (start != null) {
                assertThat(start).containsOnlyKeys("pk", "g");
            }
        } while (start != null);
        assertThat(seen).hasSize(10);
    }

    @Test
    void localIndexOrdersByItsSortKey() {
        String t = lsiTable(ProjectionType.KEYS_ONLY);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "p", "sk", "a", "rank", n("3"), "v", "1")));
        ddb.putItem(r -> r.tableName(t).item(item("pk", "p", "sk", "b", "rank", n("1"), "v", "2")));
        ddb.putItem(r -> r.tableName(t).item(item("pk", "p", "sk", "c", "v", "3")));
        QueryResponse byRank = ddb.query(r -> r.tableName(t).indexName("byRank").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))));
        assertThat(byRank.items()).extracting(i -> i.get("sk").s()).containsExactly("b", "a");
        assertThat(byRank.items().get(0)).doesNotContainKey("v");
        QueryResponse all = ddb.query(r -> r.tableName(t).indexName("byRank").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).select(Select.ALL_ATTRIBUTES));
        assertThat(all.items().get(0)).containsEntry("v", s("2"));
    }

    @Test
    void scanCoversEveryItemOnceAcrossSegmentsAndPages() {
        String t = createTable(null);
        for (int i = 0; i < 200; i++) {
            int k = i;
            ddb.putItem(r -> r.tableName(t).item(item("pk", "item" + k, "n", n(Integer.toString(k)))));
        }
        Set<String> seen = new HashSet<>();
        for (int segment = 0; segment < 4; segment++) {
            int seg = segment;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse page = ddb.scan(r -> r.tableName(t).segment(seg).totalSegments(4).limit(17)
                        .exclusiveStartKey(from));
                page.items().forEach(i -> assertThat(seen.add(i.get("pk").s())).as("duplicate").isTrue());
                start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        assertThat(seen).hasSize(200);
        ScanResponse filtered = ddb.scan(r -> r.tableName(t).filterExpression("n < :ten")
                .expressionAttributeValues(Map.of(":ten", n("10"))));
        assertThat(filtered.count()).isEqualTo(10);
        assertThat(filtered.scannedCount()).isEqualTo(200);
        DynamoDbException badSegment = expect(DynamoDbException.class,
                () -> ddb.scan(r -> r.tableName(t).segment(4).totalSegments(4)));
        assertThat(badSegment.awsErrorDetails().errorMessage()).isEqualTo("The Segment parameter is zero-based and must "
                + "be less than parameter TotalSegments: Segment: 4 is not less than TotalSegments: 4");
        DynamoDbException noTotal = expect(DynamoDbException.class, () -> ddb.scan(r -> r.tableName(t).segment(1)));
        assertThat(noTotal.awsErrorDetails().errorMessage()).isEqualTo("The TotalSegments parameter is required but was "
                + "not present in the request when Segment parameter is present");
    }
}
