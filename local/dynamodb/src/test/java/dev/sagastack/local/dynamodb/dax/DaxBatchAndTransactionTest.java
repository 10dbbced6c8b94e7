package dev.sagastack.local.dynamodb.dax;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** BatchGetItem, BatchWriteItem, TransactGetItems, TransactWriteItems through the real ClusterDaxClient. */
class DaxBatchAndTransactionTest extends DaxFixture {

    private static Map<String, AttributeValue> item(String pk, String sk, String v) {
        return Map.of("pk", s(pk), "sk", s(sk), "v", s(v));
    }

    private static Map<String, AttributeValue> k(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    @Test
    void batchWriteThenBatchGetMatchesTheEngine() {
        String table = createTable(ScalarAttributeType.S);
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder()
                    .item(item("b", "s" + i, "v" + i)).build()).build());
        }
        BatchWriteItemResponse written = dax.batchWriteItem(BatchWriteItemRequest.builder()
                .requestItems(Map.of(table, writes)).build());
        assertThat(written.unprocessedItems()).isEmpty();
        dax.batchWriteItem(BatchWriteItemRequest.builder().requestItems(Map.of(table, List.of(
                WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(k("b", "s0")).build()).build())))
                .build());
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            keys.add(k("b", "s" + i));
        }
        BatchGetItemRequest get = BatchGetItemRequest.builder().requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(keys).build())).build();
        BatchGetItemResponse viaDax = dax.batchGetItem(get);
        BatchGetItemResponse viaEngine = ddb.batchGetItem(get);
        assertThat(sorted(viaDax.responses().get(table))).isEqualTo(sorted(viaEngine.responses().get(table)))
                .hasSize(9);
        BatchGetItemRequest projected = BatchGetItemRequest.builder().requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(keys).projectionExpression("sk, v").consistentRead(true).build()))
                .build();
        assertThat(sorted(dax.batchGetItem(projected).responses().get(table)))
                .isEqualTo(sorted(ddb.batchGetItem(projected).responses().get(table)));
    }

    private static List<Map<String, AttributeValue>> sorted(List<Map<String, AttributeValue>> items) {
        List<Map<String, AttributeValue>> copy = new ArrayList<>(items);
        copy.sort(Comparator.comparing(m -> m.get("sk").s()));
        return copy;
    }

    @Test
    void transactWriteAndGetMatchTheEngine() {
        String table = createTable(ScalarAttributeType.S);
        ddb.putItem(PutItemRequest.builder().tableName(table).item(item("t", "gone", "x")).build());
        ddb.putItem(PutItemRequest.builder().tableName(table).item(item("t", "counter", "1")).build());
        dax.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(item("t", "new", "n"))
                        .conditionExpression("attribute_not_exists(pk)").build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(k("t", "gone")).build())
                        .build(),
                TransactWriteItem.builder().update(Update.builder().tableName(table).key(k("t", "counter"))
                        .updateExpression("SET v = :two").expressionAttributeValues(Map.of(":two", s("2")))
                        .build()).build()).build());
        TransactGetItemsRequest get = TransactGetItemsRequest.builder().transactItems(
                TransactGetItem.builder().get(Get.builder().tableName(table).key(k("t", "new")).build()).build(),
                TransactGetItem.builder().get(Get.builder().tableName(table).key(k("t", "gone")).build()).build(),
                TransactGetItem.builder().get(Get.builder().tableName(table).key(k("t", "counter"))
                        .projectionExpression("v").build()).build()).build();
        var viaDax = dax.transactGetItems(get).responses();
        var viaEngine = ddb.transactGetItems(get).responses();
        assertThat(viaDax).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(viaDax.get(i).item()).as("item " + i).isEqualTo(viaEngine.get(i).item());
        }
        assertThat(viaDax.get(0).item()).isEqualTo(item("t", "new", "n"));
        assertThat(viaDax.get(2).item()).isEqualTo(Map.of("v", s("2")));
    }

    @Test
    void cancelledTransactionReportsReasonsAndWritesNothing() {
        String table = createTable(ScalarAttributeType.S);
        ddb.putItem(PutItemRequest.builder().tableName(table).item(item("c", "exists", "old")).build());
        TransactionCanceledException e = catchThrowableOfType(TransactionCanceledException.class,
                () -> dax.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(
                        TransactWriteItem.builder().put(Put.builder().tableName(table).item(item("c", "fresh", "f"))
                                .build()).build(),
                        TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                                .key(k("c", "exists")).conditionExpression("v = :want")
                                .expressionAttributeValues(Map.of(":want", s("other")))
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                .build()).build()).build()));
        assertThat(e).isNotNull();
        List<CancellationReason> reasons = e.cancellationReasons();
        assertThat(reasons).extracting(CancellationReason::code).containsExactly("None", "ConditionalCheckFailed");
        assertThat(reasons.get(1).item()).isEqualTo(item("c", "exists", "old"));
        assertThat(ddb.getItem(GetItemRequest.builder().tableName(table).key(k("c", "fresh")).build()).hasItem())
                .isFalse();
    }
}
