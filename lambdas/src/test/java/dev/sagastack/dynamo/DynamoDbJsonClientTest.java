package dev.sagastack.dynamo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link DynamoDbJsonClient} and the SDK's own client, side by side against the local engine: every operation the
 * functions use answers the same model objects and the same exceptions (DynamoDB API reference, "Actions").
 */
class DynamoDbJsonClientTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    private DynamoDbClient ours;
    private DynamoDbClient sdk;
    private String table;

    @BeforeEach
    void setUp() {
        table = DYNAMO.createTables().singleTable();
        DynamoClients.Settings settings = DynamoClients.Settings.local(DYNAMO.server().endpoint());
        ours = DynamoClients.create(settings);
        sdk = DynamoClients.sdkClient(settings);
    }

    @AfterEach
    void tearDown() {
        ours.close();
        sdk.close();
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk));
    }

    private static Map<String, AttributeValue> item(String pk, String sk, int n) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk), "n", AttributeValue.fromN(Integer.toString(n)),
                "tags", AttributeValue.fromSs(List.of("x", "y")), "blob", AttributeValue.fromB(SdkBytes.fromUtf8String("b" + n)),
                "doc", AttributeValue.fromM(Map.of("list", AttributeValue.fromL(List.of(AttributeValue.fromBool(true),
                        AttributeValue.fromNul(true), AttributeValue.fromL(List.of()))))));
    }

    /** The same call through both clients: the answers' modeled members are equal. */
    private <R extends SdkPojo> R same(Function<DynamoDbClient, R> call) {
        R mine = call.apply(ours);
        R theirs = call.apply(sdk);
        assertThat(mine.equalsBySdkFields(theirs)).as("%s equals %s", mine, theirs).isTrue();
        return mine;
    }

    @Test
    void itemOperationsAnswerAsTheSdkClientDoes() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            ours.putItem(r -> r.tableName(table).item(item("P", "S" + n, n)));
        }
        assertThat(same(c -> c.getItem(r -> r.tableName(table).key(key("P", "S1")).consistentRead(true))).item())
                .isEqualTo(item("P", "S1", 1));
        assertThat(same(c -> c.getItem(r -> r.tableName(table).key(key("P", "nothing")).consistentRead(true))).hasItem())
                .isFalse();
        // the same update twice, once per client: both answer the values before and after their own write
        var first = ours.updateItem(r -> r.tableName(table).key(key("P", "S2")).updateExpression("ADD n :one")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))).returnValues("ALL_NEW"));
        var second = sdk.updateItem(r -> r.tableName(table).key(key("P", "S2")).updateExpression("ADD n :one")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))).returnValues("ALL_NEW"));
        assertThat(first.attributes().get("n").n()).isEqualTo("3");
        assertThat(second.attributes().get("n").n()).isEqualTo("4");
        same(c -> c.query(r -> r.tableName(table).keyConditionExpression("PK = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("P"))).limit(2).scanIndexForward(false)
                .returnConsumedCapacity("TOTAL")));
        QueryRequest all = QueryRequest.builder().tableName(table).keyConditionExpression("PK = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("P"))).limit(2).build();
        assertThat(ours.queryPaginator(all).items().stream().toList())
                .isEqualTo(sdk.queryPaginator(all).items().stream().toList()).hasSize(5);
        same(c -> c.scan(r -> r.tableName(table).limit(3)));
        same(c -> c.batchGetItem(r -> r.requestItems(Map.of(table, software.amazon.awssdk.services.dynamodb.model
                .KeysAndAttributes.builder().keys(key("P", "S0"), key("P", "S4")).consistentRead(true).build()))));
        same(c -> c.describeTable(r -> r.tableName(table)));
        assertThat(same(c -> c.listTables(r -> r.limit(100))).tableNames()).contains(table);
        ours.deleteItem(r -> r.tableName(table).key(key("P", "S0")));
        assertThat(sdk.getItem(r -> r.tableName(table).key(key("P", "S0")).consistentRead(true)).hasItem()).isFalse();
        ours.batchWriteItem(r -> r.requestItems(Map.of(table, List.of(software.amazon.awssdk.services.dynamodb.model
                .WriteRequest.builder().putRequest(p -> p.item(item("Q", "1", 9))).build()))));
        assertThat(sdk.getItem(r -> r.tableName(table).key(key("Q", "1")).consistentRead(true)).item()).isEqualTo(item("Q", "1", 9));
    }

    @Test
    void refusalsAreTheSameExceptionsWithTheSameMembers() {
        ours.putItem(r -> r.tableName(table).item(item("P", "S", 1)));

        Function<DynamoDbClient, ConditionalCheckFailedException> conditional = c -> catchThrowableOfType(
                () -> c.putItem(r -> r.tableName(table).item(item("P", "S", 2)).conditionExpression("attribute_not_exists(PK)")
                        .returnValuesOnConditionCheckFailure("ALL_OLD")), ConditionalCheckFailedException.class);
        ConditionalCheckFailedException mine = conditional.apply(ours);
        ConditionalCheckFailedException theirs = conditional.apply(sdk);
        assertThat(mine.item()).isEqualTo(theirs.item()).isEqualTo(item("P", "S", 1));
        assertThat(mine.statusCode()).isEqualTo(theirs.statusCode()).isEqualTo(400);
        assertThat(mine.awsErrorDetails().errorCode()).isEqualTo(theirs.awsErrorDetails().errorCode());
        assertThat(mine.awsErrorDetails().errorMessage()).isEqualTo(theirs.awsErrorDetails().errorMessage());

        Function<DynamoDbClient, TransactionCanceledException> cancelled = c -> catchThrowableOfType(
                () -> c.transactWriteItems(r -> r.transactItems(
                        t -> t.put(p -> p.tableName(table).item(item("T", "1", 1))),
                        t -> t.conditionCheck(k -> k.tableName(table).key(key("P", "S")).conditionExpression("n = :two")
                                .expressionAttributeValues(Map.of(":two", AttributeValue.fromN("2")))
                                .returnValuesOnConditionCheckFailure("ALL_OLD")))),
                TransactionCanceledException.class);
        TransactionCanceledException ourCancel = cancelled.apply(ours);
        TransactionCanceledException theirCancel = cancelled.apply(sdk);
        assertThat(ourCancel.cancellationReasons()).isEqualTo(theirCancel.cancellationReasons());
        assertThat(ourCancel.cancellationReasons()).extracting(r -> r.code()).containsExactly("None", "ConditionalCheckFailed");
        assertThat(ourCancel.cancellationReasons().get(1).item()).isEqualTo(item("P", "S", 1));
        assertThat(ourCancel.getMessage()).isEqualTo(theirCancel.getMessage().replace(theirCancel.requestId(), ourCancel.requestId()));

        Function<DynamoDbClient, ResourceNotFoundException> missing = c -> catchThrowableOfType(
                () -> c.getItem(r -> r.tableName("no-such-table").key(key("P", "S"))), ResourceNotFoundException.class);
        assertThat(missing.apply(ours).awsErrorDetails().errorMessage())
                .isEqualTo(missing.apply(sdk).awsErrorDetails().errorMessage());

        Function<DynamoDbClient, DynamoDbException> invalid = c -> catchThrowableOfType(
                () -> c.getItem(r -> r.tableName(table).key(Map.of("PK", AttributeValue.fromS("P")))), DynamoDbException.class);
        DynamoDbException ourInvalid = invalid.apply(ours);
        assertThat(ourInvalid.getClass()).isEqualTo(invalid.apply(sdk).getClass());
        assertThat(ourInvalid.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    }
}
