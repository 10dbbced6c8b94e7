package dev.sagastack.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * ConsumedCapacity per index (API Reference, "ConsumedCapacity" and the ReturnConsumedCapacity
 * parameter: INDEXES adds the table's share and each secondary index's; TOTAL is their sum) and the
 * index write rules of the Developer Guide, "Global secondary indexes" (Provisioned throughput
 * considerations, writes): an item entering or leaving an index costs one write, a changed index key
 * two (delete and put), an unprojected change or an item in no index nothing.
 */
class IndexCapacityTest extends ServerFixture {

    /** pk/sk table; GSI "byStatus" (status, KEYS_ONLY); LSI "byRank" (pk, rank, INCLUDE note). */
    private String indexedTable() {
        return createTable("S", b -> b
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("status").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("rank").attributeType(ScalarAttributeType.N).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byStatus")
                        .keySchema(KeySchemaElement.builder().attributeName("status").keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build())
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("byRank")
                        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("rank").keyType(KeyType.RANGE).build())
                        .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("note")).build()));
    }

    private ConsumedCapacity put(String t, Map<String, AttributeValue> item) {
        return ddb.putItem(b -> b.tableName(t).item(item).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES))
                .consumedCapacity();
    }

    @Test
    void writesReportEachIndexTheItemEntersChangesOrLeaves() {
        String t = indexedTable();
        ConsumedCapacity first = put(t, item("pk", "p", "sk", "1", "status", "OPEN", "rank", n("1"), "note", "x"));
        assertThat(first.table().capacityUnits()).isEqualTo(1.0);
        assertThat(first.globalSecondaryIndexes()).containsOnlyKeys("byStatus");
        assertThat(first.globalSecondaryIndexes().get("byStatus").capacityUnits()).isEqualTo(1.0);
        assertThat(first.localSecondaryIndexes().get("byRank").capacityUnits()).isEqualTo(1.0);
        assertThat(first.capacityUnits()).isEqualTo(3.0);

        // status changes: the GSI deletes the old entry and puts the new one; "other" is projected nowhere
        ConsumedCapacity moved = put(t, item("pk", "p", "sk", "1", "status", "DONE", "rank", n("1"), "note", "x",
                "other", "y"));
        assertThat(moved.globalSecondaryIndexes().get("byStatus").capacityUnits()).isEqualTo(2.0);
        assertThat(moved.hasLocalSecondaryIndexes()).isFalse();
        assertThat(moved.capacityUnits()).isEqualTo(3.0);

        // a projected attribute of the LSI changes: one write there, none in the KEYS_ONLY GSI
        var update = ddb.updateItem(b -> b.tableName(t).key(item("pk", "p", "sk", "1")).updateExpression("SET note = :n")
                .expressionAttributeValues(Map.of(":n", s("z"))).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES))
                .consumedCapacity();
        assertThat(update.localSecondaryIndexes().get("byRank").capacityUnits()).isEqualTo(1.0);
        assertThat(update.hasGlobalSecondaryIndexes()).isFalse();
        assertThat(update.capacityUnits()).isEqualTo(2.0);

        // an item without index keys costs the table only
        ConsumedCapacity plain = put(t, item("pk", "p", "sk", "2"));
        assertThat(plain.hasGlobalSecondaryIndexes()).isFalse();
        assertThat(plain.hasLocalSecondaryIndexes()).isFalse();
        assertThat(plain.capacityUnits()).isEqualTo(1.0);

        // deleting removes the entries from both indexes; TOTAL gives only the sum
        var deleted = ddb.deleteItem(b -> b.tableName(t).key(item("pk", "p", "sk", "1"))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(deleted.capacityUnits()).isEqualTo(3.0);
        assertThat(deleted.table()).isNull();
        assertThat(deleted.hasGlobalSecondaryIndexes()).isFalse();
    }

    @Test
    void batchWritesAndTransactionsAddIndexUnitsPerTable() {
        String t = indexedTable();
        var batch = ddb.batchWriteItem(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).requestItems(Map.of(
                t, List.of(
                        WriteRequest.builder().putRequest(p -> p.item(item("pk", "a", "sk", "1", "status", "OPEN"))).build(),
                        WriteRequest.builder().putRequest(p -> p.item(item("pk", "a", "sk", "2", "status", "OPEN",
                                "rank", n("2")))).build()))));
        assertThat(batch.consumedCapacity()).singleElement().satisfies(c -> {
            assertThat(c.tableName()).isEqualTo(t);
            assertThat(c.table().capacityUnits()).isEqualTo(2.0);
            assertThat(c.globalSecondaryIndexes().get("byStatus").capacityUnits()).isEqualTo(2.0);
            assertThat(c.localSecondaryIndexes().get("byRank").capacityUnits()).isEqualTo(1.0);
            assertThat(c.capacityUnits()).isEqualTo(5.0);
        });
        // transactional writes cost two units per KB, on the indexes as on the table
        var tx = ddb.transactWriteItems(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(t).item(item("pk", "b", "sk", "1", "status", "NEW")))
                        .build()));
        assertThat(tx.consumedCapacity()).singleElement().satisfies(c -> {
            assertThat(c.table().capacityUnits()).isEqualTo(2.0);
            assertThat(c.globalSecondaryIndexes().get("byStatus").capacityUnits()).isEqualTo(2.0);
            assertThat(c.capacityUnits()).isEqualTo(4.0);
        });
    }

    @Test
    void queriesAndScansOfAnIndexChargeThatIndex() {
        String t = indexedTable();
        put(t, item("pk", "a", "sk", "1", "status", "OPEN", "rank", n("1")));
        var query = ddb.query(b -> b.tableName(t).indexName("byStatus").keyConditionExpression("#s = :s")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":s", s("OPEN")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        assertThat(query.globalSecondaryIndexes().get("byStatus").capacityUnits()).isEqualTo(0.5);
        assertThat(query.table().capacityUnits()).isEqualTo(0.0);
        assertThat(query.capacityUnits()).isEqualTo(0.5);
        var scan = ddb.scan(b -> b.tableName(t).indexName("byRank").consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        assertThat(scan.localSecondaryIndexes().get("byRank").capacityUnits()).isEqualTo(1.0);
        assertThat(scan.hasGlobalSecondaryIndexes()).isFalse();
        var table = ddb.scan(b -> b.tableName(t).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES))
                .consumedCapacity();
        assertThat(table.table().capacityUnits()).isEqualTo(0.5);
        assertThat(table.hasGlobalSecondaryIndexes()).isFalse();
        assertThat(table.hasLocalSecondaryIndexes()).isFalse();
    }
}
