package dev.sagastack.local.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which error DynamoDB reports, with which text, and what a request does at the edges (API
 * Reference: BatchWriteItem, BatchGetItem, TransactWriteItems, UpdateItem, UpdateTable, Scan;
 * Developer Guide: "Capacity management for transactions", "Parallel scan").
 */
class ValidationParityTest extends ServerFixture {

    @Test
    void requiredParameterMissingIsReportedAsNull() {
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.getItem(b -> b.key(item("pk", "a"))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
    }

    /**
     * API Reference, Query and Scan, "Select": one of four values. An unknown one is a constraint violation whose
     * message lists the values in DynamoDB's own order (as emulators checked against DynamoDB record it; the API
     * page lists them in another).
     */
    @Test
    void anUnknownSelectListsTheValuesInDynamoDbsOrder() {
        String t = createTable(null);
        String expected = "1 validation error detected: Value 'EVERYTHING' at 'select' failed to satisfy constraint:"
                + " Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]";
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.scan(b -> b.tableName(t).select("EVERYTHING")));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(expected);
        e = expect(DynamoDbException.class, () -> ddb.query(b -> b.tableName(t).select("EVERYTHING")
                .keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("a")))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(expected);
    }

    @Test
    void batchWriteLimitsUseDynamoDbsMessages() {
        String t = createTable("S");
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            int n = i;
            writes.add(WriteRequest.builder().putRequest(p -> p.item(item("pk", "a", "sk", "s" + n))).build());
        }
        DynamoDbException e = expect(DynamoDbException.class,
                () -> ddb.batchWriteItem(b -> b.requestItems(Map.of(t, writes))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value '{" + t
                + "=[...]}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
                + "[Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
        e = expect(DynamoDbException.class, () -> ddb.batchWriteItem(b -> b.requestItems(Map.of())));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The requestItems parameter is required for BatchWriteItem");
        e = expect(DynamoDbException.class, () -> ddb.batchGetItem(b -> b.requestItems(Map.of())));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The requestItems parameter is required for BatchGetItem");
        assertThat(ddb.scan(b -> b.tableName(t)).count()).isZero();
    }

    @Test
    void duplicateSetValuesAreListed() {
        String t = createTable(null);
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.putItem(b -> b.tableName(t)
                .item(Map.of("pk", s("a"), "tags", AttributeValue.fromSs(List.of("x", "y", "x"))))));
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("One or more parameter values were invalid: Input collection [x, y, x] contains duplicates.");
    }

    @Test
    void aMissingKeyAttributeInATransactionCancelsItWithAValidationErrorReason() {
        String t = createTable("S");
        TransactionCanceledException e = expect(TransactionCanceledException.class, () -> ddb.transactWriteItems(b -> b
                .transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName(t).item(item("pk", "a", "sk", "1"))).build(),
                        TransactWriteItem.builder().put(p -> p.tableName(t).item(item("pk", "b"))).build())));
        assertThat(e.cancellationReasons()).extracting(r -> r.code()).containsExactly("None", "ValidationError");
        assertThat(e.cancellationReasons().get(1).message())
                .isEqualTo("One or more parameter values were invalid: Missing the key sk in the item");
        assertThat(ddb.scan(b -> b.tableName(t)).count()).isZero();
    }

    @Test
    void aSyntaxErrorOrUnknownFunctionWinsOverAFailingCondition() {
        String t = createTable(null);
        ddb.putItem(b -> b.tableName(t).item(item("pk", "a", "v", "1")));
        Map<String, AttributeValue> values = Map.of(":x", s("2"));
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.putItem(b -> b.tableName(t)
                .item(item("pk", "a")).conditionExpression("v = :x AND foo(v)").expressionAttributeValues(values)));
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Invalid ConditionExpression: Invalid function name; function: foo");
        e = expect(DynamoDbException.class, () -> ddb.updateItem(b -> b.tableName(t).key(item("pk", "a"))
                .updateExpression("SET v = :x,").conditionExpression("v = :x").expressionAttributeValues(values)));
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Invalid UpdateExpression: Syntax error");
        assertThat(ddb.getItem(b -> b.tableName(t).key(item("pk", "a"))).item()).containsEntry("v", s("1"));
    }

    @Test
    void anUpdateThatOnlyRemovesFromAMissingItemCreatesNothing() {
        String t = createTable(null, b -> b.streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        var response = ddb.updateItem(b -> b.tableName(t).key(item("pk", "ghost")).updateExpression("REMOVE a, b")
                .returnValues(ReturnValue.ALL_NEW));
        assertThat(response.hasAttributes()).isFalse();
        assertThat(ddb.getItem(b -> b.tableName(t).key(item("pk", "ghost"))).hasItem()).isFalse();
        // A SET does create the item; removing all but the key of an existing item returns just the key.
        ddb.updateItem(b -> b.tableName(t).key(item("pk", "real")).updateExpression("SET a = :v")
                .expressionAttributeValues(Map.of(":v", s("1"))));
        assertThat(ddb.updateItem(b -> b.tableName(t).key(item("pk", "real")).updateExpression("REMOVE a")
                .returnValues(ReturnValue.ALL_NEW)).attributes()).containsExactly(Map.entry("pk", s("real")));
        String arn = ddb.describeTable(b -> b.tableName(t)).table().latestStreamArn();
        String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String it = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        assertThat(streams.getRecords(b -> b.shardIterator(it)).records())
                .extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("real", "real");
    }

    @Test
    void consumedCapacityIsReportedPerTableForBatchesAndTransactions() {
        String a = createTable(null);
        String c = createTable(null);
        var write = ddb.batchWriteItem(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).requestItems(Map.of(
                a, List.of(WriteRequest.builder().putRequest(p -> p.item(item("pk", "1"))).build(),
                        WriteRequest.builder().putRequest(p -> p.item(item("pk", "2"))).build()),
                c, List.of(WriteRequest.builder().putRequest(p -> p.item(item("pk", "1"))).build()))));
        assertThat(write.consumedCapacity()).extracting(ConsumedCapacity::tableName).containsExactlyInAnyOrder(a, c);
        assertThat(write.consumedCapacity()).filteredOn(x -> x.tableName().equals(a)).singleElement()
                .satisfies(x -> {
                    assertThat(x.capacityUnits()).isEqualTo(2.0);
                    assertThat(x.table().capacityUnits()).isEqualTo(2.0);
                });
        var read = ddb.batchGetItem(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).requestItems(Map.of(
                a, KeysAndAttributes.builder().keys(item("pk", "1"), item("pk", "2")).consistentRead(true).build())));
        assertThat(read.consumedCapacity()).singleElement().satisfies(x -> {
            assertThat(x.tableName()).isEqualTo(a);
            assertThat(x.capacityUnits()).isEqualTo(2.0);
            assertThat(x.table()).isNull();
        });
        var tx = ddb.transactWriteItems(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(a).item(item("pk", "3"))).build(),
                TransactWriteItem.builder().delete(p -> p.tableName(c).key(item("pk", "1"))).build()));
        assertThat(tx.consumedCapacity()).extracting(ConsumedCapacity::capacityUnits).containsExactly(2.0, 2.0);
        var txGet = ddb.transactGetItems(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).transactItems(
                TransactGetItem.builder().get(g -> g.tableName(a).key(item("pk", "1"))).build()));
        assertThat(txGet.consumedCapacity()).singleElement().satisfies(x -> assertThat(x.capacityUnits()).isEqualTo(2.0));
    }

    @Test
    void aParallelScanRefusesAStartKeyOfAnotherSegment() {
        String t = createTable(null);
        for (int i = 0; i < 40; i++) {
            int n = i;
            ddb.putItem(b -> b.tableName(t).item(item("pk", "k" + n)));
        }
        Map<String, AttributeValue> first = ddb.scan(b -> b.tableName(t).segment(0).totalSegments(4)).items().get(0);
        Map<String, AttributeValue> key = Map.of("pk", first.get("pk"));
        assertThat(ddb.scan(b -> b.tableName(t).segment(0).totalSegments(4).exclusiveStartKey(key)).count()).isNotNegative();
        DynamoDbException e = expect(DynamoDbException.class,
                () -> ddb.scan(b -> b.tableName(t).segment(1).totalSegments(4).exclusiveStartKey(key)));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The provided starting key is invalid: Invalid "
                + "ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: 4 Segment: 0");
    }

    @Test
    void updateTableThatChangesNothingIsRefused() {
        String t = createTable(null, b -> b.billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L)));
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.updateTable(b -> b.tableName(t)
                .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The provisioned throughput for the table will not "
                + "change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the "
                + "table: 5. Requested ReadCapacityUnits: 5. Current WriteCapacityUnits provisioned for the table: 5. "
                + "Requested WriteCapacityUnits: 5. Refer to the Amazon DynamoDB Developer Guide for current limits and "
                + "how to request higher limits.");
        ddb.updateTable(b -> b.tableName(t).provisionedThroughput(p -> p.readCapacityUnits(6L).writeCapacityUnits(5L)));
        assertThat(ddb.describeTable(b -> b.tableName(t)).table().provisionedThroughput().readCapacityUnits()).isEqualTo(6L);
    }

    @Test
    void numbersFollowDynamoDbsPrecisionAndRange() {
        String t = createTable(null);
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.putItem(b -> b.tableName(t)
                .item(Map.of("pk", s("a"), "n", n("123456789012345678901234567890123456789")))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Attempting to store more than 38 significant digits in a Number");
        e = expect(DynamoDbException.class, () -> ddb.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "n", n("1E126")))));
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Number overflow.");
        e = expect(DynamoDbException.class, () -> ddb.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "n", n("1E-131")))));
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Number underflow.");
        ddb.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "n", n("12345678901234567890123456789012345678"))));
        e = expect(DynamoDbException.class, () -> ddb.updateItem(b -> b.tableName(t).key(item("pk", "a"))
                .updateExpression("SET n = n + :v").expressionAttributeValues(Map.of(":v", n("0.1")))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Attempting to store more than 38 significant digits in a Number");
    }

    @Test
    void deleteTableDescribesTheTableBeingDeleted() {
        String t = createTable("S", b -> b.streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.KEYS_ONLY)));
        String arn = ddb.describeTable(b -> b.tableName(t)).table().tableArn();
        var d = ddb.deleteTable(b -> b.tableName(t)).tableDescription();
        assertThat(d.tableName()).isEqualTo(t);
        assertThat(d.tableStatusAsString()).isEqualTo("DELETING");
        assertThat(d.tableArn()).isEqualTo(arn);
        assertThat(d.keySchema()).extracting(k -> k.attributeName()).containsExactly("pk", "sk");
        assertThat(d.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
        assertThat(d.streamSpecification().streamViewTypeAsString()).isEqualTo("KEYS_ONLY");
        expect(ResourceNotFoundException.class,
                () -> ddb.deleteTable(b -> b.tableName(t)));
    }

    /**
     * Validation order (API Reference, PutItem/UpdateItem/GetItem: ValidationException and
     * ResourceNotFoundException): what the request shows by itself - its expressions, their names
     * and values, the item's 400 KB size - is refused before the table is looked up, so a broken
     * request to a table that does not exist gets the ValidationException; a sound one gets
     * ResourceNotFoundException.
     */
    @Test
    void requestProblemsAreReportedBeforeAMissingTable() {
        String missing = "no-such-table";
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.putItem(b -> b.tableName(missing)
                .item(item("pk", "a")).conditionExpression("a = ")));
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Invalid ConditionExpression: Syntax error;");
        e = expect(DynamoDbException.class, () -> ddb.putItem(b -> b.tableName(missing).item(item("pk", "a"))
                .conditionExpression("a = :v")));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid ConditionExpression: An expression attribute "
                + "value used in expression is not defined; attribute value: :v");
        e = expect(DynamoDbException.class, () -> ddb.putItem(b -> b.tableName(missing)
                .item(Map.of("pk", s("x".repeat(400 * 1024))))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Item size has exceeded the maximum allowed size");
        e = expect(DynamoDbException.class, () -> ddb.updateItem(b -> b.tableName(missing).key(item("pk", "a"))
                .updateExpression("SET a = :v")));
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Invalid UpdateExpression: ");
        e = expect(DynamoDbException.class, () -> ddb.deleteItem(b -> b.tableName(missing).key(item("pk", "a"))
                .conditionExpression("attribute_exists(a)").expressionAttributeValues(Map.of(":w", s("y")))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}");
        e = expect(DynamoDbException.class, () -> ddb.getItem(b -> b.tableName(missing).key(item("pk", "a"))
                .projectionExpression("a,,b")));
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Invalid ProjectionExpression: Syntax error;");
        e = expect(ResourceNotFoundException.class,
                () -> ddb.putItem(b -> b.tableName(missing).item(item("pk", "a")).conditionExpression("a = :v")
                        .expressionAttributeValues(Map.of(":v", s("x")))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found");
    }

    /**
     * The same order for Query, Scan, the batches and the transactions (API Reference, Query, Scan,
     * BatchGetItem, BatchWriteItem, TransactGetItems, TransactWriteItems: ValidationException and
     * ResourceNotFoundException): expressions, their names and values and the shape of every entry
     * are checked for the whole request before any table is looked up, so a broken second entry wins
     * over a missing table in the first; a sound request to a missing table gets ResourceNotFoundException.
     */
    @Test
    void readBatchAndTransactionProblemsAreReportedBeforeAMissingTable() {
        String missing = "no-such-table";
        String t = createTable(null);
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.query(b -> b.tableName(missing)
                .keyConditionExpression("pk = ")));
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Invalid KeyConditionExpression: Syntax error;");
        e = expect(DynamoDbException.class, () -> ddb.query(b -> b.tableName(missing)
                .keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("a")))
                .filterExpression("v = :v")));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid FilterExpression: An expression attribute "
                + "value used in expression is not defined; attribute value: :v");
        e = expect(DynamoDbException.class, () -> ddb.scan(b -> b.tableName(missing).projectionExpression("a,,b")));
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Invalid ProjectionExpression: Syntax error;");
        e = expect(DynamoDbException.class, () -> ddb.scan(b -> b.tableName(missing)
                .expressionAttributeNames(Map.of("#x", "x"))));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");

        e = expect(DynamoDbException.class, () -> ddb.batchGetItem(b -> b.requestItems(Map.of(
                missing, KeysAndAttributes.builder().keys(item("pk", "a")).build(),
                t, KeysAndAttributes.builder().keys(item("pk", "a")).projectionExpression("a,,b").build()))));
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Invalid ProjectionExpression: Syntax error;");
        e = expect(DynamoDbException.class, () -> ddb.batchWriteItem(b -> b.requestItems(Map.of(
                missing, List.of(WriteRequest.builder().putRequest(p -> p.item(item("pk", "a"))).build()),
                t, List.of(WriteRequest.builder().build())))));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");

        e = expect(DynamoDbException.class, () -> ddb.transactGetItems(b -> b.transactItems(
                TransactGetItem.builder().get(g -> g.tableName(missing).key(item("pk", "a"))).build(),
                TransactGetItem.builder().get(g -> g.tableName(t).key(item("pk", "b"))
                        .projectionExpression("#a").expressionAttributeNames(Map.of("#a", "a", "#b", "b"))).build())));
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
        e = expect(DynamoDbException.class, () -> ddb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(missing).item(item("pk", "a"))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(t).key(item("pk", "b"))
                        .updateExpression("SET a = :v")).build())));
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Invalid UpdateExpression: ");
        assertThat(ddb.scan(b -> b.tableName(t)).count()).isZero();

        expect(ResourceNotFoundException.class, () -> ddb.query(b -> b.tableName(missing)
                .keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("a")))));
        expect(ResourceNotFoundException.class, () -> ddb.scan(b -> b.tableName(missing)));
        expect(ResourceNotFoundException.class, () -> ddb.batchGetItem(b -> b.requestItems(Map.of(
                missing, KeysAndAttributes.builder().keys(item("pk", "a")).build()))));
        expect(ResourceNotFoundException.class, () -> ddb.batchWriteItem(b -> b.requestItems(Map.of(
                missing, List.of(WriteRequest.builder().putRequest(p -> p.item(item("pk", "a"))).build())))));
        expect(ResourceNotFoundException.class, () -> ddb.transactGetItems(b -> b.transactItems(
                TransactGetItem.builder().get(g -> g.tableName(missing).key(item("pk", "a"))).build())));
        expect(ResourceNotFoundException.class, () -> ddb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(missing).item(item("pk", "a"))).build())));
    }
}
