package dev.sagastack.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchGetItem and BatchWriteItem (DynamoDB API Reference), including the unprocessed-items switch. */
class BatchOperationsTest extends ServerFixture {

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(p -> p.item(item)).build();
    }

    private static WriteRequest delete(Map<String, AttributeValue> key) {
        return WriteRequest.builder().deleteRequest(d -> d.key(key)).build();
    }

    @Test
    void batchWriteThenBatchGetAcrossTables() {
        String a = createTable(null);
        String b = createTable(null);
        ddb.putItem(r -> r.tableName(b).item(item("pk", "gone")));
        BatchWriteItemResponse written = ddb.batchWriteItem(r -> r.requestItems(Map.of(
                a, List.of(put(item("pk", "1", "v", "one")), put(item("pk", "2", "v", "two"))),
                b, List.of(put(item("pk", "3")), delete(item("pk", "gone"))))));
        assertThat(written.unprocessedItems()).isEmpty();
        BatchGetItemResponse read = ddb.batchGetItem(r -> r.requestItems(Map.of(
                a, KeysAndAttributes.builder().keys(item("pk", "1"), item("pk", "2"), item("pk", "missing"))
                        .projectionExpression("v").build(),
                b, KeysAndAttributes.builder().keys(item("pk", "3"), item("pk", "gone")).build())));
        assertThat(read.responses().get(a)).extracting(i -> i.get("v").s()).containsExactlyInAnyOrder("one", "two");
        assertThat(read.responses().get(a)).allSatisfy(i -> assertThat(i).containsOnlyKeys("v"));
        assertThat(read.responses().get(b)).extracting(i -> i.get("pk").s()).containsExactly("3");
        assertThat(read.unprocessedKeys()).isEmpty();
    }

    @Test
    void batchLimitsAndDuplicatesAreValidationErrorsThatWriteNothing() {
        String t = createTable(null);
        List<WriteRequest> tooMany = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            tooMany.add(put(item("pk", "k" + i)));
        }
        DynamoDbException many = expect(DynamoDbException.class,
                () -> ddb.batchWriteItem(r -> r.requestItems(Map.of(t, tooMany))));
        assertThat(many.awsErrorDetails().errorMessage()).contains("Member must have length less than or equal to 25");
        DynamoDbException duplicates = expect(DynamoDbException.class, () -> ddb.batchWriteItem(r -> r.requestItems(
                Map.of(t, List.of(put(item("pk", "x")), delete(item("pk", "x")))))));
        assertThat(duplicates.awsErrorDetails().errorMessage()).isEqualTo("Provided list of item keys contains duplicates");
        assertThat(ddb.scan(r -> r.tableName(t)).count()).isZero();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            keys.add(item("pk", "k" + i));
        }
        DynamoDbException manyKeys = expect(DynamoDbException.class, () -> ddb.batchGetItem(r -> r.requestItems(
                Map.of(t, KeysAndAttributes.builder().keys(keys).build()))));
        assertThat(manyKeys.awsErrorDetails().errorMessage()).contains("Member must have length less than or equal to 100");
        DynamoDbException dupKeys = expect(DynamoDbException.class, () -> ddb.batchGetItem(r -> r.requestItems(
                Map.of(t, KeysAndAttributes.builder().keys(item("pk", "a"), item("pk", "a")).build()))));
        assertThat(dupKeys.awsErrorDetails().errorMessage()).isEqualTo("Provided list of item keys contains duplicates");
        expect(ResourceNotFoundException.class, () -> ddb.batchWriteItem(r -> r.requestItems(
                Map.of("no-such-table", List.of(put(item("pk", "x")))))));
    }

    @Test
    void unprocessedSwitchReturnsPartOfEachBatchUntilRetriesFinish() {
        String t = createTable(null);
        server.setUnprocessedFraction(0.5);
        try {
            List<WriteRequest> writes = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                writes.add(put(item("pk", "k" + i)));
            }
            Map<String, List<WriteRequest>> pending = Map.of(t, writes);
            int calls = 0;
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> send = pending;
                BatchWriteItemResponse r = ddb.batchWriteItem(b -> b.requestItems(send));
                if (calls == 0) {
                    assertThat(r.unprocessedItems().get(t)).hasSize(12);
                }
                pending = r.unprocessedItems();
                calls++;
            }
            assertThat(calls).isGreaterThan(1);
            assertThat(ddb.scan(r -> r.tableName(t)).count()).isEqualTo(25);

            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                keys.add(item("pk", "k" + i));
            }
            Map<String, KeysAndAttributes> toGet = Map.of(t, KeysAndAttributes.builder().keys(keys).build());
            List<Map<String, AttributeValue>> got = new ArrayList<>();
            while (!toGet.isEmpty()) {
                Map<String, KeysAndAttributes> send = toGet;
                BatchGetItemResponse r = ddb.batchGetItem(b -> b.requestItems(send));
                got.addAll(r.responses().getOrDefault(t, List.of()));
                toGet = new HashMap<>(r.unprocessedKeys());
            }
            assertThat(got).hasSize(25);
        } finally {
            server.setUnprocessedFraction(0);
        }
    }
}
