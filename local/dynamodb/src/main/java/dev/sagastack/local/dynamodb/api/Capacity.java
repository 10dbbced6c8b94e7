package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sagastack.local.dynamodb.engine.IndexSchema;
import dev.sagastack.local.dynamodb.engine.ItemSize;
import dev.sagastack.local.dynamodb.engine.KeyAttribute;
import dev.sagastack.local.dynamodb.engine.TableSchema;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ConsumedCapacity as DynamoDB reports it when ReturnConsumedCapacity is TOTAL or INDEXES: one
 * write unit per started KB, one read unit per started 4 KB (half for eventually consistent reads).
 * With INDEXES the response splits the total into the table's share and each secondary index's
 * (API Reference, "ConsumedCapacity" and the ReturnConsumedCapacity parameter); index writes follow
 * the Developer Guide, "Global secondary indexes", Provisioned throughput considerations / writes.
 * Nothing is throttled; the figures only let callers log what they would pay.
 */
final class Capacity {

    private Capacity() {
    }

    /** Units consumed on a table and on each of its secondary indexes, in the order they were touched. */
    record Consumed(double table, Map<String, Double> global, Map<String, Double> local) {

        static Consumed ofTable(double units) {
            return new Consumed(units, Map.of(), Map.of());
        }

        static Consumed ofIndex(IndexSchema index, double units) {
            return index.global() ? new Consumed(0, Map.of(index.name(), units), Map.of())
                    : new Consumed(0, Map.of(), Map.of(index.name(), units));
        }

        double total() {
            double sum = table;
            for (double u : global.values()) {
                sum += u;
            }
            for (double u : local.values()) {
                sum += u;
            }
            return sum;
        }

        Consumed plus(Consumed other) {
            return new Consumed(table + other.table, merged(global, other.global), merged(local, other.local));
        }

        private static Map<String, Double> merged(Map<String, Double> a, Map<String, Double> b) {
            if (b.isEmpty()) {
                return a;
            }
            Map<String, Double> m = new LinkedHashMap<>(a);
            b.forEach((k, u) -> m.merge(k, u, Double::sum));
            return m;
        }
    }

    static void checkParameter(Violations v, String value) {
        v.oneOf(value, "returnConsumedCapacity", "INDEXES", "TOTAL", "NONE");
    }

    /** Whether the request asked for ConsumedCapacity in its response. */
    static boolean requested(String mode) {
        return mode != null && !mode.equals("NONE");
    }

    static double writeUnits(Item oldItem, Item newItem) {
        int size = Math.max(oldItem == null ? 0 : ItemSize.of(oldItem), newItem == null ? 0 : ItemSize.of(newItem));
        return Math.max(1, (size + 1023) / 1024);
    }

    static double readUnits(int bytes, boolean consistent) {
        double units = Math.max(1, (bytes + 4095) / 4096);
        return consistent ? units : units / 2;
    }

    /**
     * What one item write costs the table and its indexes ({@code factor} 2 for transactions). An index
     * pays one write per started KB of its entry (index key, table key, projected attributes) when the
     * item enters or leaves it or changes a projected attribute, two writes (delete and put) when the
     * index key changes, and nothing when the item is in the index neither before nor after the write.
     */
    static Consumed ofWrite(TableSchema schema, Item oldItem, Item newItem, int factor) {
        double table = factor * writeUnits(oldItem, newItem);
        if (schema.globalIndexes().isEmpty() && schema.localIndexes().isEmpty()) {
            return Consumed.ofTable(table);
        }
        Map<String, Double> global = new LinkedHashMap<>();
        Map<String, Double> local = new LinkedHashMap<>();
        for (IndexSchema index : schema.allIndexes()) {
            double units = factor * indexWriteUnits(schema, index, oldItem, newItem);
            if (units > 0) {
                (index.global() ? global : local).put(index.name(), units);
            }
        }
        return new Consumed(table, global, local);
    }

    private static double indexWriteUnits(TableSchema schema, IndexSchema index, Item oldItem, Item newItem) {
        Map<String, AttributeValue> before = entry(schema, index, oldItem);
        Map<String, AttributeValue> after = entry(schema, index, newItem);
        if (before == null && after == null) {
            return 0;
        }
        if (before == null) {
            return kilobytes(after);
        }
        if (after == null) {
            return kilobytes(before);
        }
        if (!sameKey(index, before, after)) {
            return kilobytes(before) + kilobytes(after);
        }
        return before.equals(after) ? 0 : kilobytes(after);
    }

    private static boolean sameKey(IndexSchema index, Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
        String hash = index.hashKey().name();
        if (!a.get(hash).equals(b.get(hash))) {
            return false;
        }
        return index.rangeKey().map(r -> a.get(r.name()).equals(b.get(r.name()))).orElse(true);
    }

    private static double kilobytes(Map<String, AttributeValue> entry) {
        return Math.max(1, (ItemSize.of(Item.adopt(entry)) + 1023) / 1024);
    }

    /** The item as the index stores it, or null when the item lacks the index's key (a sparse index). */
    private static Map<String, AttributeValue> entry(TableSchema schema, IndexSchema index, Item item) {
        if (item == null || !index.hashKey().matchesType(item.get(index.hashKey().name()))
                || !index.rangeKey().map(r -> r.matchesType(item.get(r.name()))).orElse(true)) {
            return null;
        }
        if (index.projectionType() == IndexSchema.ProjectionType.ALL) {
            return item.attributes();
        }
        Map<String, AttributeValue> entry = new LinkedHashMap<>();
        copy(item, schema.hashKey(), entry);
        schema.rangeKey().ifPresent(k -> copy(item, k, entry));
        copy(item, index.hashKey(), entry);
        index.rangeKey().ifPresent(k -> copy(item, k, entry));
        if (index.projectionType() == IndexSchema.ProjectionType.INCLUDE) {
            for (String name : index.nonKeyAttributes()) {
                AttributeValue v = item.get(name);
                if (v != null) {
                    entry.put(name, v);
                }
            }
        }
        return entry;
    }

    private static void copy(Item item, KeyAttribute key, Map<String, AttributeValue> into) {
        AttributeValue v = item.get(key.name());
        if (v != null) {
            into.put(key.name(), v);
        }
    }

    static void write(JsonGenerator out, String mode, String table, double units) throws IOException {
        write(out, mode, table, Consumed.ofTable(units));
    }

    static void write(JsonGenerator out, String mode, String table, Consumed consumed) throws IOException {
        if (!requested(mode)) {
            return;
        }
        out.writeFieldName("ConsumedCapacity");
        writeEntry(out, mode, table, consumed);
    }

    /**
     * The ConsumedCapacity list of the multi-table operations (BatchGetItem, BatchWriteItem,
     * transactions): one entry per table, in the order the tables were first touched.
     */
    static void writePerTable(JsonGenerator out, String mode, Map<String, Consumed> units) throws IOException {
        if (!requested(mode)) {
            return;
        }
        out.writeArrayFieldStart("ConsumedCapacity");
        for (Map.Entry<String, Consumed> e : units.entrySet()) {
            writeEntry(out, mode, e.getKey(), e.getValue());
        }
        out.writeEndArray();
    }

    static void add(Map<String, Consumed> perTable, String table, Consumed consumed) {
        perTable.merge(table, consumed, Consumed::plus);
    }

    static void writeEntry(JsonGenerator out, String mode, String table, Consumed consumed) throws IOException {
        out.writeStartObject();
        out.writeStringField("TableName", table);
        out.writeNumberField("CapacityUnits", consumed.total());
        if (mode.equals("INDEXES")) {
            out.writeObjectFieldStart("Table");
            out.writeNumberField("CapacityUnits", consumed.table());
            out.writeEndObject();
            writeIndexes(out, "GlobalSecondaryIndexes", consumed.global());
            writeIndexes(out, "LocalSecondaryIndexes", consumed.local());
        }
        out.writeEndObject();
    }

    private static void writeIndexes(JsonGenerator out, String field, Map<String, Double> units) throws IOException {
        if (units.isEmpty()) {
            return;
        }
        out.writeObjectFieldStart(field);
        for (Map.Entry<String, Double> e : units.entrySet()) {
            out.writeObjectFieldStart(e.getKey());
            out.writeNumberField("CapacityUnits", e.getValue());
            out.writeEndObject();
        }
        out.writeEndObject();
    }
}
