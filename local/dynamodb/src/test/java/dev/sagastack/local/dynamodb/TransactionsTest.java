package dev.sagastack.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** TransactWriteItems and TransactGetItems (DynamoDB API Reference; Developer Guide "Amazon DynamoDB Transactions"). */
class TransactionsTest extends ServerFixture {

    @Test
    void allActionsApplyTogether() {
        String t = createTable(null);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "del")));
        ddb.putItem(r -> r.tableName(t).item(item("pk", "upd", "n", n("1"))));
        ddb.putItem(r -> r.tableName(t).item(item("pk", "chk", "state", "ok")));
        ddb.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(t).item(item("pk", "new"))
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(t).key(item("pk", "del"))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(t).key(item("pk", "upd"))
                        .updateExpression("SET n = n + :one").expressionAttributeValues(Map.of(":one", n("1")))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(t).key(item("pk", "chk"))
                        .conditionExpression("#s = :ok").expressionAttributeNames(Map.of("#s", "state"))
                        .expressionAttributeValues(Map.of(":ok", s("ok")))).build()));
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "new"))).hasItem()).isTrue();
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "del"))).hasItem()).isFalse();
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "upd"))).item()).containsEntry("n", n("2"));
    }

    @Test
    void failedConditionCancelsEverythingWithReasonsInActionOrder() {
        String t = createTable(null);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "exists", "v", "old")));
        TransactionCanceledException e = expect(TransactionCanceledException.class, () -> ddb.transactWriteItems(r -> r
                .transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName(t).item(item("pk", "fresh"))).build(),
                        TransactWriteItem.builder().put(p -> p.tableName(t).item(item("pk", "exists", "v", "new"))
                                .conditionExpression("attribute_not_exists(pk)")
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build())));
        assertThat(e.cancellationReasons()).extracting(CancellationReason::code)
                .containsExactly("None", "ConditionalCheckFailed");
        assertThat(e.cancellationReasons().get(1).message()).isEqualTo("The conditional request failed");
        assertThat(e.cancellationReasons().get(1).item()).containsEntry("v", s("old"));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]");
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "fresh"))).hasItem()).isFalse();
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "exists"))).item()).containsEntry("v", s("old"));
    }

    @Test
    void twoActionsOnOneItemAndTooManyActionsAreRejected() {
        String t = createTable(null);
        DynamoDbException same = expect(DynamoDbException.class, () -> ddb.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(t).item(item("pk", "a"))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(t).key(item("pk", "a"))).build())));
        assertThat(same.awsErrorDetails().errorMessage())
                .isEqualTo("Transaction request cannot include multiple operations on one item");
        List<TransactWriteItem> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            int k = i;
            many.add(TransactWriteItem.builder().put(p -> p.tableName(t).item(item("pk", "k" + k))).build());
        }
        DynamoDbException tooMany = expect(DynamoDbException.class, () -> ddb.transactWriteItems(r -> r.transactItems(many)));
        assertThat(tooMany.awsErrorDetails().errorMessage()).contains("Member must have length less than or equal to 100");
        assertThat(ddb.scan(r -> r.tableName(t)).count()).isZero();
    }

    @Test
    void clientRequestTokenMakesRetriesApplyOnce() {
        String t = createTable(null);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "c", "n", n("0"))));
        TransactWriteItem increment = TransactWriteItem.builder().update(u -> u.tableName(t).key(item("pk", "c"))
                .updateExpression("SET n = n + :one").expressionAttributeValues(Map.of(":one", n("1")))).build();
        ddb.transactWriteItems(r -> r.clientRequestToken("token-1").transactItems(increment));
        ddb.transactWriteItems(r -> r.clientRequestToken("token-1").transactItems(increment));
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "c"))).item()).containsEntry("n", n("1"));
        TransactWriteItem other = TransactWriteItem.builder().put(p -> p.tableName(t).item(item("pk", "x"))).build();
        expect(IdempotentParameterMismatchException.class,
                () -> ddb.transactWriteItems(r -> r.clientRequestToken("token-1").transactItems(other)));
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "x"))).hasItem()).isFalse();
    }

    @Test
    void transactGetReadsItemsInRequestOrder() {
        String t = createTable(null);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "v", "1", "w", "2")));
        var response = ddb.transactGetItems(r -> r.transactItems(
                TransactGetItem.builder().get(g -> g.tableName(t).key(item("pk", "missing"))).build(),
                TransactGetItem.builder().get(g -> g.tableName(t).key(item("pk", "a")).projectionExpression("v")).build()));
        assertThat(response.responses().get(0).hasItem()).isFalse();
        assertThat(response.responses().get(1).item()).containsOnlyKeys("v");
    }
}
