package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sagastack.local.dynamodb.engine.ItemCollectionSize;
import dev.sagastack.local.dynamodb.engine.KeyCodec;
import dev.sagastack.local.dynamodb.engine.Table;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.AttributeValueJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ReturnItemCollectionMetrics (API Reference, "ItemCollectionMetrics"): with SIZE, a write to a
 * table with local secondary indexes reports the partition key of the item collection it touched
 * and the collection's SizeEstimateRangeGB. Tables without local secondary indexes report nothing.
 * Sizes come from the table's running per-collection count, never from a scan.
 */
final class ItemCollectionMetrics {

    static final String PARAMETER = "ReturnItemCollectionMetrics";

    private ItemCollectionMetrics() {
    }

    static void checkParameter(Violations v, String value) {
        v.oneOf(value, "returnItemCollectionMetrics", "SIZE", "NONE");
    }

    static boolean requested(String value) {
        return "SIZE".equals(value);
    }

    /** PutItem, UpdateItem, DeleteItem: one object, when the table has local secondary indexes. */
    static void writeSingle(JsonGenerator out, PreparedWrite write) throws IOException {
        if (!tracked(write.table)) {
            return;
        }
        out.writeFieldName("ItemCollectionMetrics");
        writeEntry(out, write.table, partitionValue(write));
    }

    /**
     * BatchWriteItem, TransactWriteItems: table name to one entry per item collection the writes
     * modified, in request order; condition checks modify nothing. Omitted when no entry applies.
     */
    static void writePerTable(JsonGenerator out, List<PreparedWrite> writes) throws IOException {
        Map<String, List<PreparedWrite>> perTable = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (PreparedWrite w : writes) {
            if (w.kind == PreparedWrite.Kind.CHECK || !tracked(w.table)) {
                continue;
            }
            AttributeValue partition = partitionValue(w);
            String id = w.table.name() + "\u0000"
                    + java.util.Base64.getEncoder().encodeToString(KeyCodec.partitionPrefix(partition));
            if (seen.add(id)) {
                perTable.computeIfAbsent(w.table.name(), t -> new ArrayList<>()).add(w);
            }
        }
        if (perTable.isEmpty()) {
            return;
        }
        out.writeObjectFieldStart("ItemCollectionMetrics");
        for (Map.Entry<String, List<PreparedWrite>> e : perTable.entrySet()) {
            out.writeArrayFieldStart(e.getKey());
            for (PreparedWrite w : e.getValue()) {
                writeEntry(out, w.table, partitionValue(w));
            }
            out.writeEndArray();
        }
        out.writeEndObject();
    }

    private static boolean tracked(Table table) {
        return !table.schema().localIndexes().isEmpty();
    }

    private static AttributeValue partitionValue(PreparedWrite w) {
        String name = w.table.schema().hashKey().name();
        return w.kind == PreparedWrite.Kind.PUT ? w.putItem.get(name) : w.key.get(name);
    }

    private static void writeEntry(JsonGenerator out, Table table, AttributeValue partition) throws IOException {
        out.writeStartObject();
        out.writeFieldName("ItemCollectionKey");
        AttributeValueJson.writeMap(out, Map.of(table.schema().hashKey().name(), partition));
        out.writeArrayFieldStart("SizeEstimateRangeGB");
        for (double bound : ItemCollectionSize.rangeGb(table.collectionBytes(partition))) {
            out.writeNumber(bound);
        }
        out.writeEndArray();
        out.writeEndObject();
    }
}
