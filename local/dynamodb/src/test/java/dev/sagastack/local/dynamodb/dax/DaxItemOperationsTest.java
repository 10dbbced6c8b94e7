package dev.sagastack.local.dynamodb.dax;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** GetItem, PutItem, UpdateItem, DeleteItem through the real ClusterDaxClient, compared with the engine. */
class DaxItemOperationsTest extends DaxFixture {

    private static Map<String, AttributeValue> richItem(String pk) {
        return Map.of("pk", s(pk), "name", s("Ann"), "age", n("42"), "ratio", n("-0.125"),
                "big", n("123456789012345678901234567890"), "tags", AttributeValue.fromSs(List.of("x", "y")),
                "nums", AttributeValue.fromNs(List.of("1", "2.5")), "blob", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")),
                "ok", AttributeValue.fromBool(true),
                "profile", AttributeValue.fromM(Map.of("city", s("Oslo"), "nothing", AttributeValue.fromNul(true),
                        "langs", AttributeValue.fromL(List.of(s("no"), s("en"))))));
    }

    @Test
    void putThroughDaxThenGetMatchesTheEngineForEveryAttributeType() {
        String table = createTable(null);
        Map<String, AttributeValue> item = richItem("a");
        dax.putItem(PutItemRequest.builder().tableName(table).item(item).build());
        var viaDax = dax.getItem(GetItemRequest.builder().tableName(table).key(key("a")).build());
        var viaEngine = ddb.getItem(GetItemRequest.builder().tableName(table).key(key("a")).build());
        assertThat(viaDax.item()).isEqualTo(viaEngine.item()).isEqualTo(item);
    }

    @Test
    void getOfAMissingItemHasNoItem() {
        String table = createTable(null);
        var viaDax = dax.getItem(GetItemRequest.builder().tableName(table).key(key("none")).build());
        assertThat(viaDax.hasItem()).isFalse();
    }

    @Test
    void compositeKeysWithStringAndNumberRangeKeys() {
        for (ScalarAttributeType type : List.of(ScalarAttributeType.S, ScalarAttributeType.N)) {
            String table = createTable(type);
            AttributeValue sk = type == ScalarAttributeType.S ? s("2024#05") : n("-12.5");
            Map<String, AttributeValue> item = Map.of("pk", s("p"), "sk", sk, "v", s("value"));
            dax.putItem(PutItemRequest.builder().tableName(table).item(item).build());
            Map<String, AttributeValue> k = Map.of("pk", s("p"), "sk", sk);
            assertThat(dax.getItem(GetItemRequest.builder().tableName(table).key(k).build()).item())
                    .isEqualTo(ddb.getItem(GetItemRequest.builder().tableName(table).key(k).build()).item())
                    .isEqualTo(item);
        }
    }

    @Test
    void projectionReturnsTheProjectedPathsLikeTheEngine() {
        String table = createTable(null);
        ddb.putItem(PutItemRequest.builder().tableName(table).item(richItem("p")).build());
        GetItemRequest get = GetItemRequest.builder().tableName(table).key(key("p"))
                .projectionExpression("#n, profile.langs[1], age").expressionAttributeNames(Map.of("#n", "name"))
                .build();
        Map<String, AttributeValue> viaDax = dax.getItem(get).item();
        assertThat(viaDax).isEqualTo(ddb.getItem(get).item());
        assertThat(viaDax).containsOnlyKeys("name", "profile", "age");
    }

    @Test
    void putAndDeleteReturnTheOldItem() {
        String table = createTable(null);
        dax.putItem(PutItemRequest.builder().tableName(table).item(Map.of("pk", s("r"), "v", s("1"))).build());
        var put = dax.putItem(PutItemRequest.builder().tableName(table).item(Map.of("pk", s("r"), "v", s("2")))
                .returnValues(ReturnValue.ALL_OLD).build());
        assertThat(put.attributes()).isEqualTo(Map.of("pk", s("r"), "v", s("1")));
        var delete = dax.deleteItem(DeleteItemRequest.builder().tableName(table).key(key("r"))
                .returnValues(ReturnValue.ALL_OLD).build());
        assertThat(delete.attributes()).isEqualTo(Map.of("pk", s("r"), "v", s("2")));
        assertThat(ddb.getItem(GetItemRequest.builder().tableName(table).key(key("r")).build()).hasItem()).isFalse();
    }

    @Test
    void updateReturnsValuesAsTheEngineDoesForEveryReturnValuesOption() {
        String daxTable = createTable(null);
        String ddbTable = createTable(null);
        for (ReturnValue rv : List.of(ReturnValue.NONE, ReturnValue.ALL_OLD, ReturnValue.UPDATED_OLD,
                ReturnValue.ALL_NEW, ReturnValue.UPDATED_NEW)) {
            Map<String, AttributeValue> start = Map.of("pk", s("u"), "count", n("1"), "keep", s("k"),
                    "gone", s("g"));
            dax.putItem(PutItemRequest.builder().tableName(daxTable).item(start).build());
            ddb.putItem(PutItemRequest.builder().tableName(ddbTable).item(start).build());
            UpdateItemRequest.Builder update = UpdateItemRequest.builder().key(key("u"))
                    .updateExpression("SET #c = #c + :one, added = if_not_exists(added, :zero) REMOVE gone")
                    .conditionExpression("attribute_exists(pk) AND #c < :ten")
                    .expressionAttributeNames(Map.of("#c", "count"))
                    .expressionAttributeValues(Map.of(":one", n("1"), ":zero", n("0"), ":ten", n("10")))
                    .returnValues(rv);
            UpdateItemResponse viaDax = dax.updateItem(update.tableName(daxTable).build());
            UpdateItemResponse viaEngine = ddb.updateItem(update.tableName(ddbTable).build());
            assertThat(viaDax.attributes()).as(rv.toString()).isEqualTo(viaEngine.attributes());
        }
        assertThat(dax.getItem(GetItemRequest.builder().tableName(daxTable).key(key("u")).consistentRead(true)
                .build()).item()).isEqualTo(Map.of("pk", s("u"), "count", n("2"), "keep", s("k"), "added", n("0")));
    }

    @Test
    void failedConditionIsConditionalCheckFailedAndChangesNothing() {
        String table = createTable(null);
        dax.putItem(PutItemRequest.builder().tableName(table).item(Map.of("pk", s("c"), "v", s("1"))).build());
        ConditionalCheckFailedException e = catchThrowableOfType(ConditionalCheckFailedException.class,
                () -> dax.putItem(PutItemRequest.builder().tableName(table).item(Map.of("pk", s("c"), "v", s("2")))
                        .conditionExpression("attribute_not_exists(pk)").build()));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("The conditional request failed");
        assertThat(ddb.getItem(GetItemRequest.builder().tableName(table).key(key("c")).build()).item().get("v"))
                .isEqualTo(s("1"));
    }

    @Test
    void missingTableIsResourceNotFound() {
        ResourceNotFoundException e = catchThrowableOfType(ResourceNotFoundException.class,
                () -> dax.getItem(GetItemRequest.builder().tableName("no-such-table").key(key("a")).build()));
        assertThat(e).isNotNull();
    }

    @Test
    void engineValidationErrorsReachTheClientAsValidationException() {
        String table = createTable(null);
        dax.putItem(PutItemRequest.builder().tableName(table).item(Map.of("pk", s("k"))).build());
        DynamoDbException e = catchThrowableOfType(DynamoDbException.class,
                () -> dax.updateItem(UpdateItemRequest.builder().tableName(table).key(key("k"))
                        .updateExpression("SET pk = :v").expressionAttributeValues(Map.of(":v", s("x"))).build()));
        assertThat(e).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.getMessage()).contains("part of the key");
    }

    @Test
    void listAppendSetDeleteAndNestedPathsUpdateLikeTheEngine() {
        String daxTable = createTable(null);
        String ddbTable = createTable(null);
        Map<String, AttributeValue> start = Map.of("pk", s("l"), "history", AttributeValue.fromL(List.of(s("a"))),
                "tags", AttributeValue.fromSs(List.of("x", "y", "z")),
                "profile", AttributeValue.fromM(Map.of("nums", AttributeValue.fromL(List.of(n("1"), n("2"))))));
        dax.putItem(PutItemRequest.builder().tableName(daxTable).item(start).build());
        ddb.putItem(PutItemRequest.builder().tableName(ddbTable).item(start).build());
        UpdateItemRequest.Builder update = UpdateItemRequest.builder().key(key("l"))
                .updateExpression("SET history = list_append(history, :more), profile.nums[1] = profile.nums[0] - :d"
                        + " DELETE tags :gone REMOVE profile.nums[0]")
                .conditionExpression("size(history) < :max AND attribute_type(tags, :ss)")
                .expressionAttributeValues(Map.of(":more", AttributeValue.fromL(List.of(s("b"))), ":d", n("5"),
                        ":gone", AttributeValue.fromSs(List.of("y")), ":max", n("5"), ":ss", s("SS")))
                .returnValues(ReturnValue.ALL_NEW);
        UpdateItemResponse viaDax = dax.updateItem(update.tableName(daxTable).build());
        assertThat(viaDax.attributes()).isEqualTo(ddb.updateItem(update.tableName(ddbTable).build()).attributes());
        assertThat(viaDax.attributes().get("profile").m().get("nums").l()).containsExactly(n("-4"));
    }
}
