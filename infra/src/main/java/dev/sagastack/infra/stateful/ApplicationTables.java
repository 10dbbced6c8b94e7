package dev.sagastack.infra.stateful;

import dev.sagastack.infra.StageConfig;
import dev.sagastack.schema.IndexSpec;
import dev.sagastack.schema.KeyAttribute;
import dev.sagastack.schema.TableSpec;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The application's DynamoDB tables, built from the same {@link TableSpec}s the code and the twin
 * use: keys, GSIs, stream view and TTL attribute come from the spec, never from this class.
 * On-demand, point-in-time recovery, encrypted with the stage's customer-managed key.
 */
public final class ApplicationTables extends Construct {

    private final Map<String, Table> tables = new LinkedHashMap<>();

    public ApplicationTables(Construct scope, String id, List<TableSpec> specs, IKey key, StageConfig stage) {
        super(scope, id);
        for (TableSpec spec : specs) {
            tables.put(spec.logicalName(), createTable(spec, key, stage));
        }
    }

    public Table table(TableSpec spec) {
        Table table = tables.get(spec.logicalName());
        if (table == null) {
            throw new IllegalArgumentException("no table for spec " + spec.logicalName());
        }
        return table;
    }

    private Table createTable(TableSpec spec, IKey key, StageConfig stage) {
        Table.Builder builder = Table.Builder.create(this, spec.logicalName())
                .partitionKey(attribute(spec.partitionKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(key)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .stream(StreamViewType.valueOf(spec.streamView().name()))
                .deletionProtection(stage.retainData())
                .removalPolicy(stage.dataRemovalPolicy());
        spec.sortKey().ifPresent(k -> builder.sortKey(attribute(k)));
        spec.ttlAttribute().ifPresent(builder::timeToLiveAttribute);
        Table table = builder.build();
        for (IndexSpec index : spec.globalIndexes()) {
            GlobalSecondaryIndexProps.Builder gsi = GlobalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .partitionKey(attribute(index.partitionKey()))
                    .projectionType(ProjectionType.valueOf(index.projection().name()));
            index.sortKey().ifPresent(k -> gsi.sortKey(attribute(k)));
            if (!index.nonKeyAttributes().isEmpty()) {
                gsi.nonKeyAttributes(index.nonKeyAttributes());
            }
            table.addGlobalSecondaryIndex(gsi.build());
        }
        return table;
    }

    private static Attribute attribute(KeyAttribute key) {
        AttributeType type;
        switch (key.type()) {
            case S:
                type = AttributeType.STRING;
                break;
            case N:
                type = AttributeType.NUMBER;
                break;
            case B:
                type = AttributeType.BINARY;
                break;
            default:
                throw new IllegalArgumentException("unknown key type " + key.type());
        }
        return Attribute.builder().name(key.name()).type(type).build();
    }
}
