package dev.sagastack.schema;

import dev.sagastack.dynamo.LocalDynamoDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import static org.assertj.core.api.Assertions.assertThat;

class TableSpecsTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    @Test
    void createTableRequestCarriesKeysIndexesAndStreamOfTheSpec() {
        CreateTableRequest request = TableSpecs.createTableRequest(Tables.SINGLE_TABLE, "t");

        assertThat(request.tableName()).isEqualTo("t");
        assertThat(request.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyType())
                .containsExactly("PK:HASH", "SK:RANGE");
        assertThat(request.attributeDefinitions()).extracting(a -> a.attributeName())
                .containsExactlyInAnyOrder("PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK");
        assertThat(request.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("GSI1", "GSI2");
        assertThat(request.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(TableSpecs.timeToLiveRequest(Tables.SINGLE_TABLE, "t").orElseThrow()
                .timeToLiveSpecification().attributeName()).isEqualTo(Tables.TTL);
    }

    @Test
    void engineCreatesBothTablesAsSpecified() {
        var tables = DYNAMO.createTables();

        for (var pair : java.util.List.of(
                java.util.Map.entry(Tables.SINGLE_TABLE, tables.singleTable()),
                java.util.Map.entry(Tables.EVENT_STORE, tables.eventStore()))) {
            TableDescription described = DYNAMO.client().describeTable(b -> b.tableName(pair.getValue())).table();
            TableSpec spec = pair.getKey();
            assertThat(described.keySchema().get(0).keyType()).isEqualTo(KeyType.HASH);
            assertThat(described.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
                    .containsExactlyInAnyOrderElementsOf(spec.globalIndexes().stream().map(IndexSpec::name).toList());
            assertThat(described.streamSpecification().streamViewTypeAsString()).isEqualTo(spec.streamView().name());
        }
    }
}
