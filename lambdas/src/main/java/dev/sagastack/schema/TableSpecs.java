package dev.sagastack.schema;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns a {@link TableSpec} into the SDK requests that create it (twin and tests). */
public final class TableSpecs {

    private TableSpecs() {
    }

    public static CreateTableRequest createTableRequest(TableSpec spec, String tableName) {
        CreateTableRequest.Builder builder = CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(spec.keyAttributes().stream()
                        .map(k -> AttributeDefinition.builder()
                                .attributeName(k.name())
                                .attributeType(ScalarAttributeType.fromValue(k.type().name()))
                                .build())
                        .toList())
                .keySchema(keySchema(spec.partitionKey(), spec.sortKey()))
                .streamSpecification(StreamSpecification.builder()
                        .streamEnabled(true)
                        .streamViewType(StreamViewType.fromValue(spec.streamView().name()))
                        .build());
        if (!spec.globalIndexes().isEmpty()) {
            builder.globalSecondaryIndexes(spec.globalIndexes().stream().map(TableSpecs::index).toList());
        }
        return builder.build();
    }

    /** The TTL setting of the table, sent after CreateTable (DynamoDB has no TTL in CreateTable). */
    public static Optional<UpdateTimeToLiveRequest> timeToLiveRequest(TableSpec spec, String tableName) {
        return spec.ttlAttribute().map(attribute -> UpdateTimeToLiveRequest.builder()
                .tableName(tableName)
                .timeToLiveSpecification(TimeToLiveSpecification.builder()
                        .attributeName(attribute).enabled(true).build())
                .build());
    }

    private static GlobalSecondaryIndex index(IndexSpec index) {
        Projection.Builder projection = Projection.builder()
                .projectionType(ProjectionType.fromValue(index.projection().name()));
        if (!index.nonKeyAttributes().isEmpty()) {
            projection.nonKeyAttributes(index.nonKeyAttributes());
        }
        return GlobalSecondaryIndex.builder()
                .indexName(index.name())
                .keySchema(keySchema(index.partitionKey(), index.sortKey()))
                .projection(projection.build())
                .build();
    }

    private static List<KeySchemaElement> keySchema(KeyAttribute partition, Optional<KeyAttribute> sort) {
        List<KeySchemaElement> elements = new ArrayList<>();
        elements.add(KeySchemaElement.builder().attributeName(partition.name()).keyType(KeyType.HASH).build());
        sort.ifPresent(k -> elements.add(
                KeySchemaElement.builder().attributeName(k.name()).keyType(KeyType.RANGE).build()));
        return elements;
    }
}
