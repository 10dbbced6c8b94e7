package dev.sagastack.local.twin.stage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.local.twin.cloudformation.Deployment;
import dev.sagastack.local.twin.cloudformation.Deployment.Resource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stage's {@code AWS::DynamoDB::Table} resources as CreateTable requests on the local engine: keys,
 * attribute definitions, GSIs and LSIs with their projections, billing mode, stream view type, TTL attribute.
 */
public final class TableDefinitions {

    public record TableDefinition(Resource resource, CreateTableRequest request, Optional<String> timeToLiveAttribute) {
    }

    private TableDefinitions() {
    }

    public static List<TableDefinition> of(Deployment deployment) {
        List<TableDefinition> tables = new ArrayList<>();
        for (Resource r : deployment.resources("AWS::DynamoDB::Table")) {
            JsonNode p = r.properties();
            CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(r.physicalId())
                    .attributeDefinitions(attributes(p.path("AttributeDefinitions")))
                    .keySchema(keys(p.path("KeySchema")))
                    .billingMode(p.path("BillingMode").asText("PROVISIONED"));
            if (p.has("ProvisionedThroughput")) {
                request.provisionedThroughput(throughput(p.get("ProvisionedThroughput")));
            }
            List<GlobalSecondaryIndex> global = new ArrayList<>();
            for (JsonNode index : p.path("GlobalSecondaryIndexes")) {
                GlobalSecondaryIndex.Builder gsi = GlobalSecondaryIndex.builder().indexName(index.path("IndexName").asText())
                        .keySchema(keys(index.path("KeySchema"))).projection(projection(index.path("Projection")));
                if (index.has("ProvisionedThroughput")) {
                    gsi.provisionedThroughput(throughput(index.get("ProvisionedThroughput")));
                }
                global.add(gsi.build());
            }
            if (!global.isEmpty()) {
                request.globalSecondaryIndexes(global);
            }
            List<LocalSecondaryIndex> local = new ArrayList<>();
            for (JsonNode index : p.path("LocalSecondaryIndexes")) {
                local.add(LocalSecondaryIndex.builder().indexName(index.path("IndexName").asText())
                        .keySchema(keys(index.path("KeySchema"))).projection(projection(index.path("Projection"))).build());
            }
            if (!local.isEmpty()) {
                request.localSecondaryIndexes(local);
            }
            if (p.path("StreamSpecification").has("StreamViewType")) {
                request.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                        .streamViewType(p.path("StreamSpecification").path("StreamViewType").asText()).build());
            }
            JsonNode ttl = p.path("TimeToLiveSpecification");
            Optional<String> ttlAttribute = ttl.path("Enabled").asBoolean(false)
                    ? Optional.of(ttl.path("AttributeName").asText()) : Optional.empty();
            tables.add(new TableDefinition(r, request.build(), ttlAttribute));
        }
        return tables;
    }

    /** Creates the tables missing on the engine (a data directory keeps them across restarts) and their TTL. */
    public static void ensure(DynamoDbClient dynamo, List<TableDefinition> tables) {
        for (TableDefinition table : tables) {
            try {
                dynamo.describeTable(b -> b.tableName(table.request().tableName()));
            } catch (ResourceNotFoundException missing) {
                dynamo.createTable(table.request());
                table.timeToLiveAttribute().ifPresent(attribute -> dynamo.updateTimeToLive(b -> b
                        .tableName(table.request().tableName())
                        .timeToLiveSpecification(s -> s.attributeName(attribute).enabled(true))));
            }
        }
    }

    private static List<AttributeDefinition> attributes(JsonNode definitions) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        definitions.forEach(d -> attributes.add(AttributeDefinition.builder().attributeName(d.path("AttributeName").asText())
                .attributeType(d.path("AttributeType").asText()).build()));
        return attributes;
    }

    private static List<KeySchemaElement> keys(JsonNode schema) {
        List<KeySchemaElement> keys = new ArrayList<>();
        schema.forEach(k -> keys.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText())
                .keyType(k.path("KeyType").asText()).build()));
        return keys;
    }

    private static Projection projection(JsonNode projection) {
        Projection.Builder builder = Projection.builder().projectionType(projection.path("ProjectionType").asText("KEYS_ONLY"));
        List<String> nonKey = new ArrayList<>();
        projection.path("NonKeyAttributes").forEach(a -> nonKey.add(a.asText()));
        if (!nonKey.isEmpty()) {
            builder.nonKeyAttributes(nonKey);
        }
        return builder.build();
    }

    private static ProvisionedThroughput throughput(JsonNode throughput) {
        return ProvisionedThroughput.builder().readCapacityUnits(throughput.path("ReadCapacityUnits").asLong(5))
                .writeCapacityUnits(throughput.path("WriteCapacityUnits").asLong(5)).build();
    }
}
