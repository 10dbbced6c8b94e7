package dev.sagastack.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** Condition and update expressions end to end (Developer Guide: "Condition expressions", "Update expressions"). */
class ConditionalWritesTest extends ServerFixture {

    @Test
    void conditionalPutCreatesOnlyOnce() {
        String t = createTable(null);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "v", "first")).conditionExpression("attribute_not_exists(pk)"));
        ConditionalCheckFailedException e = expect(ConditionalCheckFailedException.class, () -> ddb.putItem(r -> r
                .tableName(t).item(item("pk", "a", "v", "second")).conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
        assertThat(e.item()).containsEntry("v", s("first"));
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "a"))).item()).containsEntry("v", s("first"));
    }

    @Test
    void failedConditionWithoutReturnValuesCarriesNoItem() {
        String t = createTable(null);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a")));
        ConditionalCheckFailedException e = expect(ConditionalCheckFailedException.class, () -> ddb.deleteItem(r -> r
                .tableName(t).key(item("pk", "a")).conditionExpression("attribute_exists(nope)")));
        assertThat(e.hasItem()).isFalse();
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "a"))).hasItem()).isTrue();
    }

    @Test
    void updateSetsAddsAndReturnsUpdatedValues() {
        String t = createTable(null);
        UpdateItemResponse created = ddb.updateItem(r -> r.tableName(t).key(item("pk", "c"))
                .updateExpression("SET #n = if_not_exists(#n, :zero) + :one, tags = :tags ADD visits :one")
                .expressionAttributeNames(Map.of("#n", "count"))
                .expressionAttributeValues(Map.of(":zero", n("0"), ":one", n("1"),
                        ":tags", AttributeValue.fromSs(List.of("x"))))
                .returnValues(ReturnValue.ALL_NEW));
        assertThat(created.attributes()).containsEntry("count", n("1")).containsEntry("visits", n("1"))
                .containsEntry("pk", s("c"));
        UpdateItemResponse second = ddb.updateItem(r -> r.tableName(t).key(item("pk", "c"))
                .updateExpression("SET #n = #n + :one REMOVE tags").conditionExpression("#n = :one")
                .expressionAttributeNames(Map.of("#n", "count")).expressionAttributeValues(Map.of(":one", n("1")))
                .returnValues(ReturnValue.UPDATED_OLD));
        assertThat(second.attributes()).containsOnlyKeys("count", "tags").containsEntry("count", n("1"));
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "c"))).item())
                .containsEntry("count", n("2")).doesNotContainKey("tags");
    }

    @Test
    void updatedNewReturnsOnlyTheWrittenNestedPaths() {
        String t = createTable(null);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "m", AttributeValue.fromM(Map.of("x", n("1"), "y", n("2"))),
                "other", "o")));
        UpdateItemResponse r = ddb.updateItem(b -> b.tableName(t).key(item("pk", "a")).updateExpression("SET m.x = :v")
                .expressionAttributeValues(Map.of(":v", n("5"))).returnValues(ReturnValue.UPDATED_NEW));
        assertThat(r.attributes()).containsOnlyKeys("m");
        assertThat(r.attributes().get("m").m()).containsOnly(Map.entry("x", n("5")));
    }

    @Test
    void updateOfAKeyAttributeIsRejected() {
        String t = createTable(null);
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.updateItem(r -> r.tableName(t)
                .key(item("pk", "a")).updateExpression("SET pk = :v").expressionAttributeValues(Map.of(":v", s("b")))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "a"))).hasItem()).isFalse();
    }

    @Test
    void unusedExpressionValueIsAValidationErrorAndChangesNothing() {
        String t = createTable(null);
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.putItem(r -> r.tableName(t)
                .item(item("pk", "a")).conditionExpression("attribute_not_exists(pk)")
                .expressionAttributeValues(Map.of(":unused", s("x")))));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).contains(":unused");
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "a"))).hasItem()).isFalse();
        DynamoDbException namesWithoutExpression = expect(DynamoDbException.class, () -> ddb.putItem(r -> r.tableName(t)
                .item(item("pk", "a")).expressionAttributeNames(Map.of("#a", "a"))));
        assertThat(namesWithoutExpression.awsErrorDetails().errorMessage())
                .isEqualTo("ExpressionAttributeNames can only be specified when using expressions");
    }

    @Test
    void updateTypeErrorChangesNothing() {
        String t = createTable(null);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "s", "text", "n", n("1"))));
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.updateItem(r -> r.tableName(t)
                .key(item("pk", "a")).updateExpression("SET n = :two, s = s + :one")
                .expressionAttributeValues(Map.of(":one", n("1"), ":two", n("2")))));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "a"))).item()).containsEntry("n", n("1"));
    }

    @Test
    void getItemProjectsNestedPaths() {
        String t = createTable(null);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "m",
                AttributeValue.fromM(Map.of("x", n("1"), "y", AttributeValue.fromL(List.of(s("p"), s("q"))))), "other", "o")));
        Map<String, AttributeValue> got = ddb.getItem(r -> r.tableName(t).key(item("pk", "a"))
                .projectionExpression("m.y[1], pk")).item();
        assertThat(got).containsOnlyKeys("m", "pk");
        assertThat(got.get("m").m()).containsOnlyKeys("y");
        assertThat(got.get("m").m().get("y").l()).containsExactly(s("q"));
    }
}
