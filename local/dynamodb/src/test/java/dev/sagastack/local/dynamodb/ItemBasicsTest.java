package dev.sagastack.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** PutItem, GetItem, DeleteItem without expressions, and the key and item validation rules. */
class ItemBasicsTest extends ServerFixture {

    @Test
    void putThenGetReturnsEveryAttributeType() {
        String table = createTable(null);
        Map<String, AttributeValue> item = item(
                "pk", "k1",
                "s", s("text ü"),
                "n", n("-12.5000"),
                "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 255})),
                "bool", AttributeValue.fromBool(true),
                "null", AttributeValue.fromNul(true),
                "m", AttributeValue.fromM(Map.of("inner", n("1"))),
                "l", AttributeValue.fromL(java.util.List.of(s("a"), n("2"))),
                "ss", AttributeValue.fromSs(java.util.List.of("x", "y")),
                "ns", AttributeValue.fromNs(java.util.List.of("1", "2.5")),
                "bs", AttributeValue.fromBs(java.util.List.of(SdkBytes.fromByteArray(new byte[] {9}))));
        ddb.putItem(r -> r.tableName(table).item(item));
        Map<String, AttributeValue> read = ddb.getItem(r -> r.tableName(table).key(item("pk", "k1"))).item();
        assertThat(read).containsEntry("s", s("text ü"))
                .containsEntry("n", n("-12.5"))
                .containsEntry("bool", AttributeValue.fromBool(true))
                .containsEntry("m", AttributeValue.fromM(Map.of("inner", n("1"))))
                .containsEntry("l", AttributeValue.fromL(java.util.List.of(s("a"), n("2"))));
        assertThat(read.get("b").b().asByteArray()).containsExactly(0, 1, 2, 255);
        assertThat(read.get("ss").ss()).containsExactlyInAnyOrder("x", "y");
        assertThat(read.get("ns").ns()).containsExactlyInAnyOrder("1", "2.5");
        assertThat(read.get("null").nul()).isTrue();
    }

    @Test
    void getOfMissingItemReturnsNoItem() {
        String table = createTable(null);
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", "nothing"))).hasItem()).isFalse();
    }

    @Test
    void putReplacesAndReturnsOldItemWhenAsked() {
        String table = createTable("S");
        ddb.putItem(r -> r.tableName(table).item(item("pk", "a", "sk", "1", "v", "old")));
        var response = ddb.putItem(r -> r.tableName(table).item(item("pk", "a", "sk", "1", "w", "new"))
                .returnValues(ReturnValue.ALL_OLD));
        assertThat(response.attributes()).containsEntry("v", s("old"));
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", "a", "sk", "1"))).item())
                .containsOnlyKeys("pk", "sk", "w");
    }

    @Test
    void deleteRemovesItemAndReturnsIt() {
        String table = createTable(null);
        ddb.putItem(r -> r.tableName(table).item(item("pk", "a", "v", "1")));
        var deleted = ddb.deleteItem(r -> r.tableName(table).key(item("pk", "a")).returnValues(ReturnValue.ALL_OLD));
        assertThat(deleted.attributes()).containsEntry("v", s("1"));
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", "a"))).hasItem()).isFalse();
        var again = ddb.deleteItem(r -> r.tableName(table).key(item("pk", "a")).returnValues(ReturnValue.ALL_OLD));
        assertThat(again.hasAttributes()).isFalse();
    }

    @Test
    void keyValidationMessagesMatchDynamoDb() {
        String table = createTable("N");
        assertValidation(() -> ddb.getItem(r -> r.tableName(table).key(item("pk", "a"))),
                "The provided key element does not match the schema");
        assertValidation(() -> ddb.getItem(r -> r.tableName(table).key(item("pk", "a", "sk", "1"))),
                "The provided key element does not match the schema");
        assertValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", "a"))),
                "One or more parameter values were invalid: Missing the key sk in the item");
        assertValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", "a", "sk", "x"))),
                "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S");
        assertValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", "", "sk", n("1")))),
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
                        + "an empty string value. Key: pk");
        String longKey = "k".repeat(2049);
        assertValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", longKey, "sk", n("1")))),
                "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes");
        assertValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", "a", "sk", n("1"),
                        "set", AttributeValue.fromSs(java.util.List.of())))),
                "One or more parameter values were invalid: An string set  may not be empty");
        assertValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", "a", "sk", n("1"),
                        "big", "x".repeat(400 * 1024)))),
                "Item size has exceeded the maximum allowed size");
        assertValidation(() -> ddb.putItem(r -> r.tableName(table).item(item("pk", "a", "sk", n("1e200")))),
                "Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", "a", "sk", n("1")))).hasItem()).isFalse();
    }

    @Test
    void itemJustUnderTheSizeLimitIsAccepted() {
        String table = createTable(null);
        // 400 KB = 409600 bytes: "pk"(2) + "k"(1) + "v"(1) + value.
        String value = "x".repeat(409600 - 4);
        ddb.putItem(r -> r.tableName(table).item(item("pk", "k", "v", value)));
        assertThat(ddb.getItem(r -> r.tableName(table).key(item("pk", "k"))).item().get("v").s()).hasSize(value.length());
    }

    private static void assertValidation(Runnable call, String message) {
        DynamoDbException e = expect(DynamoDbException.class, call);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        assertThat(e.statusCode()).isEqualTo(400);
    }
}
