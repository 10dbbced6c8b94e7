package dev.sagastack.infra;

import dev.sagastack.schema.IndexSpec;
import dev.sagastack.schema.KeyAttribute;
import dev.sagastack.schema.TableSpec;
import dev.sagastack.schema.TableSpecs;
import dev.sagastack.schema.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The synthesized DynamoDB tables are exactly the application's {@link TableSpec}s — the definitions
 * the code queries and the twin creates — in every stage. Expected values are derived from the specs
 * (CloudFormation AWS::DynamoDB::Table reference: KeySchema, AttributeDefinitions,
 * GlobalSecondaryIndexes, StreamSpecification, TimeToLiveSpecification).
 */
class TableDefinitionTest {

    private static List<SynthesizedStage> stages;

    @BeforeAll
    static void synthesize() {
        stages = List.of(SynthesizedStage.dev(), SynthesizedStage.prod());
    }

    @Test
    @DisplayName("every table spec becomes one table and no other table exists")
    void oneTablePerSpec() {
        for (SynthesizedStage s : stages) {
            assertThat(Cfn.resources(s.statefulJson(), "AWS::DynamoDB::Table")).hasSize(Tables.all().size());
            assertThat(Cfn.resources(s.statelessJson(), "AWS::DynamoDB::Table")).isEmpty();
        }
    }

    @Test
    @DisplayName("keys, attribute definitions, GSIs, stream view and TTL equal the spec")
    void tablesEqualTheirSpecs() {
        for (SynthesizedStage s : stages) {
            for (TableSpec spec : Tables.all()) {
                Map<String, Object> props = tableProperties(s, spec);
                assertThat(props.get("KeySchema")).as(spec.logicalName() + " KeySchema")
                        .isEqualTo(keySchema(spec.partitionKey(), spec.sortKey()));
                assertThat(asSet(props.get("AttributeDefinitions"))).as(spec.logicalName() + " AttributeDefinitions")
                        .isEqualTo(spec.keyAttributes().stream().map(TableDefinitionTest::attributeDefinition)
                                .collect(Collectors.toSet()));
                assertThat(indexesByName(props.get("GlobalSecondaryIndexes"))).as(spec.logicalName() + " GSIs")
                        .isEqualTo(expectedIndexes(spec));
                assertThat(props.get("StreamSpecification")).as(spec.logicalName() + " stream")
                        .isEqualTo(Map.of("StreamViewType", spec.streamView().name()));
                Object ttl = spec.ttlAttribute()
                        .<Object>map(a -> Map.of("AttributeName", a, "Enabled", true)).orElse(null);
                assertThat(props.get("TimeToLiveSpecification")).as(spec.logicalName() + " TTL").isEqualTo(ttl);
            }
        }
    }

    @Test
    @DisplayName("each table equals the twin's CreateTableRequest and TTL request for the same spec (TableSpecs)")
    void tablesEqualTheTwinsCreateTableRequests() {
        for (SynthesizedStage s : stages) {
            for (TableSpec spec : Tables.all()) {
                Map<String, Object> props = tableProperties(s, spec);
                CreateTableRequest twin = TableSpecs.createTableRequest(spec, "twin-" + spec.logicalName());
                assertThat(props.get("KeySchema")).isEqualTo(keySchema(twin.keySchema()));
                assertThat(asSet(props.get("AttributeDefinitions"))).isEqualTo(twin.attributeDefinitions().stream()
                        .map(a -> Map.of("AttributeName", a.attributeName(), "AttributeType", a.attributeTypeAsString()))
                        .collect(Collectors.toSet()));
                Map<String, Object> twinIndexes = new HashMap<>();
                for (GlobalSecondaryIndex index : twin.globalSecondaryIndexes()) {
                    Map<String, Object> projection = new LinkedHashMap<>();
                    projection.put("ProjectionType", index.projection().projectionTypeAsString());
                    if (index.projection().hasNonKeyAttributes() && !index.projection().nonKeyAttributes().isEmpty()) {
                        projection.put("NonKeyAttributes", index.projection().nonKeyAttributes());
                    }
                    twinIndexes.put(index.indexName(), Map.of("IndexName", index.indexName(),
                            "KeySchema", keySchema(index.keySchema()), "Projection", projection));
                }
                assertThat(indexesByName(props.get("GlobalSecondaryIndexes"))).isEqualTo(twinIndexes);
                assertThat(props.get("StreamSpecification"))
                        .isEqualTo(Map.of("StreamViewType", twin.streamSpecification().streamViewTypeAsString()));
                Object twinTtl = TableSpecs.timeToLiveRequest(spec, "twin").<Object>map(r -> Map.of(
                        "AttributeName", r.timeToLiveSpecification().attributeName(),
                        "Enabled", r.timeToLiveSpecification().enabled())).orElse(null);
                assertThat(props.get("TimeToLiveSpecification")).isEqualTo(twinTtl);
                assertThat(props.get("BillingMode")).isEqualTo(twin.billingModeAsString());
            }
        }
    }

    private static List<Map<String, Object>> keySchema(List<KeySchemaElement> elements) {
        return elements.stream().map(e -> Map.<String, Object>of("AttributeName", e.attributeName(),
                "KeyType", e.keyTypeAsString())).toList();
    }

    @Test
    @DisplayName("tables are on-demand, point-in-time recoverable and encrypted with the stage's customer-managed key")
    void tablesAreOnDemandRecoverableAndEncrypted() {
        for (SynthesizedStage s : stages) {
            String keyId = Cfn.logicalId(s.deployment.stateful().getNode().findChild("DataKey"));
            Map<String, Object> key = Cfn.map(Cfn.map(s.statefulJson().get("Resources")).get(keyId));
            assertThat(Cfn.properties(key)).containsEntry("EnableKeyRotation", true);
            for (TableSpec spec : Tables.all()) {
                Map<String, Object> props = tableProperties(s, spec);
                assertThat(props).containsEntry("BillingMode", "PAY_PER_REQUEST");
                assertThat(props).containsEntry("PointInTimeRecoverySpecification",
                        Map.of("PointInTimeRecoveryEnabled", true));
                assertThat(props).containsEntry("SSESpecification", Map.of(
                        "SSEEnabled", true, "SSEType", "KMS", "KMSMasterKeyId", Cfn.getAtt(keyId, "Arn")));
            }
        }
    }

    @Test
    @DisplayName("prod tables are retained and deletion-protected; dev tables may be destroyed")
    void prodRetainsTablesDevDestroysThem() {
        for (SynthesizedStage s : stages) {
            boolean prod = s.stage.retainData();
            for (TableSpec spec : Tables.all()) {
                Map<String, Object> table = table(s, spec);
                assertThat(table.get("DeletionPolicy")).isEqualTo(prod ? "Retain" : "Delete");
                assertThat(table.get("UpdateReplacePolicy")).isEqualTo(prod ? "Retain" : "Delete");
                assertThat(Cfn.properties(table).get("DeletionProtectionEnabled")).isEqualTo(prod);
            }
        }
    }

    private static Map<String, Object> table(SynthesizedStage s, TableSpec spec) {
        String id = Cfn.logicalId(s.deployment.stateful().table(spec));
        return Cfn.map(Cfn.map(s.statefulJson().get("Resources")).get(id));
    }

    private static Map<String, Object> tableProperties(SynthesizedStage s, TableSpec spec) {
        return Cfn.properties(table(s, spec));
    }

    private static List<Map<String, Object>> keySchema(KeyAttribute partition, Optional<KeyAttribute> sort) {
        List<Map<String, Object>> schema = new ArrayList<>();
        schema.add(Map.of("AttributeName", partition.name(), "KeyType", "HASH"));
        sort.ifPresent(k -> schema.add(Map.of("AttributeName", k.name(), "KeyType", "RANGE")));
        return schema;
    }

    private static Map<String, Object> attributeDefinition(KeyAttribute key) {
        return Map.of("AttributeName", key.name(), "AttributeType", key.type().name());
    }

    private static Set<Object> asSet(Object list) {
        return new java.util.HashSet<>(Cfn.list(list));
    }

    private static Map<String, Object> indexesByName(Object indexes) {
        Map<String, Object> byName = new HashMap<>();
        if (indexes != null) {
            for (Object index : Cfn.list(indexes)) {
                byName.put((String) Cfn.map(index).get("IndexName"), index);
            }
        }
        return byName;
    }

    private static Map<String, Object> expectedIndexes(TableSpec spec) {
        Map<String, Object> expected = new HashMap<>();
        for (IndexSpec index : spec.globalIndexes()) {
            Map<String, Object> projection = new LinkedHashMap<>();
            projection.put("ProjectionType", index.projection().name());
            if (!index.nonKeyAttributes().isEmpty()) {
                projection.put("NonKeyAttributes", index.nonKeyAttributes());
            }
            expected.put(index.name(), Map.of(
                    "IndexName", index.name(),
                    "KeySchema", keySchema(index.partitionKey(), index.sortKey()),
                    "Projection", projection));
        }
        return expected;
    }
}
