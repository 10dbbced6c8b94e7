package dev.sagastack.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTable, TTL settings (DynamoDB API Reference). */
class TableOperationsTest extends ServerFixture {

    @Test
    void createdTableIsDescribedWithItsKeysIndexesAndStream() {
        String name = createTable("N", b -> b
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.N).build(),
                        AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG")
                        .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build())
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        TableDescription t = ddb.describeTable(r -> r.tableName(name)).table();
        assertThat(t.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(t.keySchema()).extracting(KeySchemaElement::attributeName).containsExactly("pk", "sk");
        assertThat(t.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(t.globalSecondaryIndexes()).singleElement()
                .satisfies(i -> assertThat(i.indexName()).isEqualTo("byG"));
        assertThat(t.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(t.latestStreamArn()).startsWith("arn:aws:dynamodb:us-east-1:000000000000:table/" + name + "/stream/");
        assertThat(t.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/" + name);
        assertThat(t.creationDateTime()).isNotNull();
    }

    @Test
    void creatingAnExistingTableIsResourceInUse() {
        String name = createTable(null);
        ResourceInUseException e = expect(ResourceInUseException.class, () -> ddb.createTable(CreateTableRequest.builder()
                .tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                        .attributeType(ScalarAttributeType.S).build())
                .build()));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Table already exists: " + name);
    }

    @Test
    void createTableRejectsKeysWithoutDefinitionsAndMissingThroughput() {
        DynamoDbException undefined = expect(DynamoDbException.class, () -> ddb.createTable(CreateTableRequest.builder()
                .tableName("undefined-key").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                        .attributeType(ScalarAttributeType.S).build())
                .build()));
        assertThat(undefined.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(undefined.awsErrorDetails().errorMessage()).isEqualTo("One or more parameter values were invalid: "
                + "Some index key attributes are not defined in AttributeDefinitions. Keys: [id], AttributeDefinitions: [pk]");

        DynamoDbException noThroughput = expect(DynamoDbException.class, () -> ddb.createTable(CreateTableRequest.builder()
                .tableName("no-throughput")
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                        .attributeType(ScalarAttributeType.S).build())
                .build()));
        assertThat(noThroughput.awsErrorDetails().errorMessage()).isEqualTo("One or more parameter values were invalid: "
                + "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");

        DynamoDbException badName = expect(DynamoDbException.class, () -> ddb.createTable(CreateTableRequest.builder()
                .tableName("a!").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                        .attributeType(ScalarAttributeType.S).build())
                .build()));
        assertThat(badName.awsErrorDetails().errorMessage()).isEqualTo("2 validation errors detected: "
                + "Value 'a!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "
                + "Value 'a!' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3");
        assertThat(ddb.listTables().tableNames()).doesNotContain("undefined-key", "no-throughput");
    }

    @Test
    void provisionedTableReportsItsThroughput() {
        String name = uniqueName("prov");
        ddb.createTable(CreateTableRequest.builder().tableName(name)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                        .attributeType(ScalarAttributeType.S).build())
                .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(7L).build())
                .build());
        TableDescription t = ddb.describeTable(r -> r.tableName(name)).table();
        assertThat(t.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
        assertThat(t.provisionedThroughput().writeCapacityUnits()).isEqualTo(7L);
    }

    @Test
    void listTablesPaginatesInNameOrder() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createTable(null));
        }
        List<String> seen = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            ListTablesResponse page = ddb.listTables(r -> r.limit(2).exclusiveStartTableName(from));
            assertThat(page.tableNames().size()).isLessThanOrEqualTo(2);
            seen.addAll(page.tableNames());
            start = page.lastEvaluatedTableName();
        } while (start != null);
        assertThat(seen).containsAll(created).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void deletedTableIsGoneAndOperationsOnItAreResourceNotFound() {
        String name = createTable(null);
        TableDescription d = ddb.deleteTable(r -> r.tableName(name)).tableDescription();
        assertThat(d.tableStatus()).isEqualTo(TableStatus.DELETING);
        ResourceNotFoundException describe = expect(ResourceNotFoundException.class,
                () -> ddb.describeTable(r -> r.tableName(name)));
        assertThat(describe.awsErrorDetails().errorMessage())
                .isEqualTo("Requested resource not found: Table: " + name + " not found");
        ResourceNotFoundException get = expect(ResourceNotFoundException.class,
                () -> ddb.getItem(r -> r.tableName(name).key(item("pk", "a"))));
        assertThat(get.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found");
        expect(ResourceNotFoundException.class, () -> ddb.deleteTable(r -> r.tableName(name)));
    }

    @Test
    void timeToLiveIsEnabledDescribedAndNotEnabledTwice() {
        String name = createTable(null);
        assertThat(ddb.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);
        ddb.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(s -> s.enabled(true).attributeName("exp")));
        var d = ddb.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription();
        assertThat(d.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(d.attributeName()).isEqualTo("exp");
        DynamoDbException again = expect(DynamoDbException.class, () -> ddb.updateTimeToLive(
                r -> r.tableName(name).timeToLiveSpecification(s -> s.enabled(true).attributeName("exp"))));
        assertThat(again.awsErrorDetails().errorMessage()).isEqualTo("TimeToLive is already enabled");
    }

    @Test
    void updateTableAddsAndRemovesAGlobalIndexAndTogglesTheStream() {
        String name = createTable(null);
        ddb.putItem(r -> r.tableName(name).item(item("pk", "a", "g", "x")));
        ddb.putItem(r -> r.tableName(name).item(item("pk", "b")));
        TableDescription added = ddb.updateTable(r -> r.tableName(name)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("g")
                        .attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("byG")
                        .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.ALL))))).tableDescription();
        assertThat(added.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("byG");
        assertThat(ddb.describeTable(r -> r.tableName(name)).table().globalSecondaryIndexes().get(0).itemCount())
                .isEqualTo(1L);
        TableDescription removed = ddb.updateTable(r -> r.tableName(name)
                .globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("byG")))).tableDescription();
        assertThat(removed.globalSecondaryIndexes()).isEmpty();
        assertThat(removed.attributeDefinitions()).extracting(AttributeDefinition::attributeName).containsExactly("pk");

        TableDescription streamOn = ddb.updateTable(r -> r.tableName(name)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY))).tableDescription();
        assertThat(streamOn.latestStreamArn()).isNotNull();
        DynamoDbException twice = expect(DynamoDbException.class, () -> ddb.updateTable(r -> r.tableName(name)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY))));
        assertThat(twice.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        TableDescription streamOff = ddb.updateTable(r -> r.tableName(name)
                .streamSpecification(s -> s.streamEnabled(false))).tableDescription();
        assertThat(streamOff.streamSpecification()).isNull();
    }
}
