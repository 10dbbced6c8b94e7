package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sagastack.local.dynamodb.engine.IndexSchema;
import dev.sagastack.local.dynamodb.engine.KeyAttribute;
import dev.sagastack.local.dynamodb.engine.Table;
import dev.sagastack.local.dynamodb.engine.TableSchema;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** Writes TableDescription objects as DescribeTable, CreateTable, UpdateTable and DeleteTable return them. */
final class TableDescriptions {

    private TableDescriptions() {
    }

    static void write(JsonGenerator out, TableSchema s, String status, Optional<Table> data) throws IOException {
        out.writeStartObject();
        out.writeArrayFieldStart("AttributeDefinitions");
        for (KeyAttribute a : s.attributeDefinitions()) {
            out.writeStartObject();
            out.writeStringField("AttributeName", a.name());
            out.writeStringField("AttributeType", a.type().name());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeStringField("TableName", s.name());
        writeKeySchema(out, s.hashKey(), s.rangeKey());
        out.writeStringField("TableStatus", status);
        out.writeFieldName("CreationDateTime");
        out.writeNumber(s.creationTime().toEpochMilli() / 1000.0);
        writeThroughput(out, s.throughput());
        out.writeNumberField("TableSizeBytes", data.map(Table::sizeBytes).orElse(0L));
        out.writeNumberField("ItemCount", data.map(Table::itemCount).orElse(0L));
        out.writeStringField("TableArn", s.arn());
        out.writeStringField("TableId", s.id());
        if (s.payPerRequest()) {
            out.writeObjectFieldStart("BillingModeSummary");
            out.writeStringField("BillingMode", "PAY_PER_REQUEST");
            out.writeFieldName("LastUpdateToPayPerRequestDateTime");
            out.writeNumber(s.creationTime().toEpochMilli() / 1000.0);
            out.writeEndObject();
        }
        Map<String, Integer> counts = data.map(Table::indexCounts).orElse(Map.of());
        if (!s.globalIndexes().isEmpty()) {
            out.writeArrayFieldStart("GlobalSecondaryIndexes");
            for (IndexSchema i : s.globalIndexes()) {
                writeIndex(out, s, i, counts, status);
            }
            out.writeEndArray();
        }
        if (!s.localIndexes().isEmpty()) {
            out.writeArrayFieldStart("LocalSecondaryIndexes");
            for (IndexSchema i : s.localIndexes()) {
                writeIndex(out, s, i, counts, status);
            }
            out.writeEndArray();
        }
        if (s.stream().isPresent()) {
            TableSchema.StreamSettings st = s.stream().get();
            out.writeObjectFieldStart("StreamSpecification");
            out.writeBooleanField("StreamEnabled", true);
            out.writeStringField("StreamViewType", st.viewType());
            out.writeEndObject();
            out.writeStringField("LatestStreamLabel", st.label());
            out.writeStringField("LatestStreamArn", st.arn());
        }
        out.writeBooleanField("DeletionProtectionEnabled", s.deletionProtection());
        out.writeEndObject();
    }

    private static void writeIndex(JsonGenerator out, TableSchema s, IndexSchema i, Map<String, Integer> counts,
            String tableStatus) throws IOException {
        out.writeStartObject();
        out.writeStringField("IndexName", i.name());
        writeKeySchema(out, i.hashKey(), i.rangeKey());
        out.writeObjectFieldStart("Projection");
        out.writeStringField("ProjectionType", i.projectionType().name());
        if (i.projectionType() == IndexSchema.ProjectionType.INCLUDE) {
            out.writeArrayFieldStart("NonKeyAttributes");
            for (String a : i.nonKeyAttributes()) {
                out.writeString(a);
            }
            out.writeEndArray();
        }
        out.writeEndObject();
        if (i.global()) {
            out.writeStringField("IndexStatus", tableStatus.equals("DELETING") ? "DELETING" : "ACTIVE");
            writeThroughput(out, i.throughput());
        }
        out.writeNumberField("IndexSizeBytes", 0);
        out.writeNumberField("ItemCount", counts.getOrDefault(i.name(), 0));
        out.writeStringField("IndexArn", s.arn() + "/index/" + i.name());
        out.writeEndObject();
    }

    static void writeKeySchema(JsonGenerator out, KeyAttribute hash, Optional<KeyAttribute> range) throws IOException {
        out.writeArrayFieldStart("KeySchema");
        out.writeStartObject();
        out.writeStringField("AttributeName", hash.name());
        out.writeStringField("KeyType", "HASH");
        out.writeEndObject();
        if (range.isPresent()) {
            out.writeStartObject();
            out.writeStringField("AttributeName", range.get().name());
            out.writeStringField("KeyType", "RANGE");
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    private static void writeThroughput(JsonGenerator out, Optional<IndexSchema.Throughput> t) throws IOException {
        out.writeObjectFieldStart("ProvisionedThroughput");
        out.writeNumberField("NumberOfDecreasesToday", 0);
        out.writeNumberField("ReadCapacityUnits", t.map(IndexSchema.Throughput::readCapacityUnits).orElse(0L));
        out.writeNumberField("WriteCapacityUnits", t.map(IndexSchema.Throughput::writeCapacityUnits).orElse(0L));
        out.writeEndObject();
    }
}
