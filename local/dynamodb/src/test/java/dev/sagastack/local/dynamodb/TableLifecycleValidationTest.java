package dev.sagastack.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Refusals of the table lifecycle, each changing nothing: secondary index projections and key schemas
 * (API Reference, CreateTable and "Projection": NonKeyAttributes only with INCLUDE), UpdateTable
 * requests that would change nothing or name an index wrongly (API Reference, UpdateTable), TTL
 * updates that do not change the setting (API Reference, UpdateTimeToLive), and streams or shards
 * that do not exist (DynamoDB Streams API Reference: DescribeStream, GetShardIterator -
 * ResourceNotFoundException).
 */
class TableLifecycleValidationTest extends ServerFixture {

    private static AttributeDefinition def(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    private static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }

    private String refusedCreate(CreateTableRequest.Builder b) {
        String name = uniqueName("bad");
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.createTable(b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST).build()));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(ddb.listTables().tableNames()).doesNotContain(name);
        return e.awsErrorDetails().errorMessage();
    }

    private static GlobalSecondaryIndex gsi(String name, Projection projection) {
        return GlobalSecondaryIndex.builder().indexName(name).keySchema(hash("g")).projection(projection).build();
    }

    @Test
    void indexProjectionsAndKeySchemasAreValidated() {
        CreateTableRequest.Builder base = CreateTableRequest.builder().keySchema(hash("pk"), range("sk"))
                .attributeDefinitions(def("pk", ScalarAttributeType.S), def("sk", ScalarAttributeType.S),
                        def("g", ScalarAttributeType.S));
        assertThat(refusedCreate(base.copy().globalSecondaryIndexes(gsi("byG", Projection.builder()
                .projectionType(ProjectionType.KEYS_ONLY).nonKeyAttributes("x").build()))))
                .isEqualTo("One or more parameter values were invalid: ProjectionType is KEYS_ONLY, but NonKeyAttributes "
                        + "is specified");
        assertThat(refusedCreate(base.copy().globalSecondaryIndexes(gsi("byG", Projection.builder().build()))))
                .isEqualTo("One or more parameter values were invalid: Unknown ProjectionType: null");
        // "Projection": INCLUDE names the projected attributes in NonKeyAttributes, a list of 1 to 20 names.
        assertThat(refusedCreate(base.copy().globalSecondaryIndexes(gsi("byG", Projection.builder()
                .projectionType(ProjectionType.INCLUDE).build()))))
                .isEqualTo("One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes "
                        + "is not specified");
        assertThat(refusedCreate(base.copy().globalSecondaryIndexes(gsi("byG", Projection.builder()
                .projectionType(ProjectionType.INCLUDE).nonKeyAttributes(List.of()).build()))))
                .isEqualTo("1 validation error detected: Value '[]' at 'globalSecondaryIndexes.1.member.projection."
                        + "nonKeyAttributes' failed to satisfy constraint: Member must have length greater than or equal to 1");
        assertThat(refusedCreate(base.copy().globalSecondaryIndexes(
                gsi("byG", Projection.builder().projectionType(ProjectionType.ALL).build()),
                gsi("byG", Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()))))
                .isEqualTo("One or more parameter values were invalid: Duplicate index name: byG");
        assertThat(refusedCreate(base.copy().localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("byG")
                .keySchema(hash("g"), range("sk")).projection(p -> p.projectionType(ProjectionType.ALL)).build())))
                .isEqualTo("One or more parameter values were invalid: Index KeySchema does not have the same leading "
                        + "hash key as table KeySchema for index: byG. index hash key: g, table hash key: pk");
        assertThat(refusedCreate(base.copy().localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("byG")
                .keySchema(hash("pk")).projection(p -> p.projectionType(ProjectionType.ALL)).build())))
                .isEqualTo("One or more parameter values were invalid: Index KeySchema does not have a range key for "
                        + "index: byG");
        assertThat(refusedCreate(CreateTableRequest.builder().keySchema(hash("pk"))
                .attributeDefinitions(def("pk", ScalarAttributeType.S), def("g", ScalarAttributeType.S))
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("byG").keySchema(hash("pk"), range("g"))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build())))
                .isEqualTo("One or more parameter values were invalid: Table KeySchema does not have a range key, "
                        + "which is required when specifying a LocalSecondaryIndex");
    }

    @Test
    void updateTableRefusesRequestsThatChangeNothingOrNameIndexesWrongly() {
        String t = createTable("S", b -> b.attributeDefinitions(def("pk", ScalarAttributeType.S),
                        def("sk", ScalarAttributeType.S), def("g", ScalarAttributeType.S))
                .globalSecondaryIndexes(gsi("byG", Projection.builder().projectionType(ProjectionType.ALL).build())));
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.updateTable(b -> b.tableName(t)));
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("At least one of ProvisionedThroughput, BillingMode, "
                + "UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification");
        e = expect(DynamoDbException.class, () -> ddb.updateTable(b -> b.tableName(t)
                .streamSpecification(s -> s.streamEnabled(false))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Table already has no stream enabled: TableName: " + t);
        // A view type belongs to an enabled stream only (DynamoDB's answers as users' error reports quote them).
        e = expect(DynamoDbException.class, () -> ddb.updateTable(b -> b.tableName(t)
                .streamSpecification(s -> s.streamEnabled(false).streamViewType(StreamViewType.NEW_IMAGE))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("One or more parameter values were invalid: If stream "
                + "is being disabled, then UpdateViewType must not be specified");
        assertThat(refusedCreate(CreateTableRequest.builder().keySchema(hash("pk"))
                .attributeDefinitions(def("pk", ScalarAttributeType.S))
                .streamSpecification(s -> s.streamEnabled(false).streamViewType(StreamViewType.KEYS_ONLY))))
                .isEqualTo("One or more parameter values were invalid: Table is being created with a stream disabled, "
                        + "UpdateViewType should not be specified");
        ddb.updateTable(b -> b.tableName(t).streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.KEYS_ONLY)));
        e = expect(DynamoDbException.class, () -> ddb.updateTable(b -> b.tableName(t)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Table already has an enabled stream: TableName: " + t);

        ddb.updateTable(b -> b.tableName(t).billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(2L).writeCapacityUnits(3L))
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().update(u -> u.indexName("byG")
                        .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L))).build()));
        e = expect(DynamoDbException.class, () -> ddb.updateTable(b -> b.tableName(t)
                .provisionedThroughput(p -> p.readCapacityUnits(2L).writeCapacityUnits(3L))));
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("The provisioned throughput for the table will not "
                + "change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the "
                + "table: 2. Requested ReadCapacityUnits: 2.");

        e = expect(ResourceNotFoundException.class, () -> ddb.updateTable(b -> b.tableName(t)
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().delete(d -> d.indexName("nope")).build())));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found: Requested index: nope "
                + "not found");
        e = expect(DynamoDbException.class, () -> ddb.updateTable(b -> b.tableName(t).globalSecondaryIndexUpdates(
                GlobalSecondaryIndexUpdate.builder().delete(d -> d.indexName("byG")).build(),
                GlobalSecondaryIndexUpdate.builder().update(u -> u.indexName("byG")
                        .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))).build())));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("One or more parameter values were invalid: Only one "
                + "global secondary index update per index is allowed simultaneously. Index: byG");
        e = expect(DynamoDbException.class, () -> ddb.updateTable(b -> b.tableName(t).globalSecondaryIndexUpdates(
                GlobalSecondaryIndexUpdate.builder().create(c -> c.indexName("byG").keySchema(hash("g"))
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L))).build())));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("One or more parameter values were invalid: Index "
                + "already exists: byG");
        var table = ddb.describeTable(b -> b.tableName(t)).table();
        assertThat(table.globalSecondaryIndexes()).singleElement()
                .satisfies(i -> assertThat(i.provisionedThroughput().readCapacityUnits()).isEqualTo(1L));
        assertThat(table.provisionedThroughput().writeCapacityUnits()).isEqualTo(3L);
    }

    @Test
    void timeToLiveUpdatesMustChangeTheSetting() {
        String t = createTable(null);
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.updateTimeToLive(b -> b.tableName(t)
                .timeToLiveSpecification(s -> s.enabled(false).attributeName("exp"))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("TimeToLive is already disabled");
        ddb.updateTimeToLive(b -> b.tableName(t).timeToLiveSpecification(s -> s.enabled(true).attributeName("exp")));
        e = expect(DynamoDbException.class, () -> ddb.updateTimeToLive(b -> b.tableName(t)
                .timeToLiveSpecification(s -> s.enabled(true).attributeName("exp"))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("TimeToLive is already enabled");
        // TTL is on one attribute: enabling it on another while it is active names the one it is on.
        e = expect(DynamoDbException.class, () -> ddb.updateTimeToLive(b -> b.tableName(t)
                .timeToLiveSpecification(s -> s.enabled(true).attributeName("other"))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "TimeToLive is active on a different AttributeName: current AttributeName is exp");
        e = expect(DynamoDbException.class, () -> ddb.updateTimeToLive(b -> b.tableName(t)
                .timeToLiveSpecification(s -> s.enabled(false).attributeName("other"))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "TimeToLive is active on a different AttributeName: current AttributeName is exp");
        e = expect(ResourceNotFoundException.class, () -> ddb.updateTimeToLive(b -> b.tableName("no-such-table")
                .timeToLiveSpecification(s -> s.enabled(true).attributeName("exp"))));
        assertThat(ddb.describeTimeToLive(b -> b.tableName(t)).timeToLiveDescription().attributeName()).isEqualTo("exp");
    }

    @Test
    void missingStreamsAndShardsAreResourceNotFound() {
        String t = createTable(null, b -> b.streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.KEYS_ONLY)));
        String arn = ddb.describeTable(b -> b.tableName(t)).table().latestStreamArn();
        String missing = arn.substring(0, arn.lastIndexOf('/') + 1) + "2000-01-01T00:00:00.000";
        var e = expect(ResourceNotFoundException.class,
                () -> streams.describeStream(b -> b.streamArn(missing)));
        assertThat(e.awsErrorDetails().errorMessage()).contains(missing);
        expect(ResourceNotFoundException.class,
                () -> streams.getShardIterator(b -> b.streamArn(missing).shardId("shardId-00000000000000000000-00000000")
                        .shardIteratorType(ShardIteratorType.LATEST)));
        var shard = expect(ResourceNotFoundException.class,
                () -> streams.getShardIterator(b -> b.streamArn(arn).shardId("shardId-00000000000000000000-00000000")
                        .shardIteratorType(ShardIteratorType.LATEST)));
        assertThat(shard.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found: Shard does not exist");
        DynamoDbException bad = expect(DynamoDbException.class, () -> streams.describeStream(b -> b.streamArn("short")));
        assertThat(bad.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(streams.listStreams(b -> b.tableName(t)).streams()).extracting(s -> s.streamArn())
                .isEqualTo(List.of(arn));
    }
}
