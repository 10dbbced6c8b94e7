package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sagastack.local.dynamodb.engine.ItemSize;
import dev.sagastack.local.dynamodb.value.Item;
import java.io.IOException;
import java.util.Map;

/**
 * ConsumedCapacity as DynamoDB reports it when ReturnConsumedCapacity is TOTAL or INDEXES: one
 * write unit per started KB, one read unit per started 4 KB (half for eventually consistent reads).
 * Nothing is throttled; the figures only let callers log what they would pay.
 */
final class Capacity {

    private Capacity() {
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

    static void write(JsonGenerator out, String mode, String table, double units) throws IOException {
        if (mode == null || mode.equals("NONE")) {
            return;
        }
        out.writeFieldName("ConsumedCapacity");
        writeEntry(out, mode, table, units);
    }

    /**
     * The ConsumedCapacity list of the multi-table operations (BatchGetItem, BatchWriteItem,
     * transactions): one entry per table, in the order the tables were first touched.
     */
    static void writePerTable(JsonGenerator out, String mode, Map<String, Double> units) throws IOException {
        if (!requested(mode)) {
            return;
        }
        out.writeArrayFieldStart("ConsumedCapacity");
        for (Map.Entry<String, Double> e : units.entrySet()) {
            writeEntry(out, mode, e.getKey(), e.getValue());
        }
        out.writeEndArray();
    }

    static void writeEntry(JsonGenerator out, String mode, String table, double units) throws IOException {
        out.writeStartObject();
        out.writeStringField("TableName", table);
        out.writeNumberField("CapacityUnits", units);
        if (mode.equals("INDEXES")) {
            out.writeObjectFieldStart("Table");
            out.writeNumberField("CapacityUnits", units);
            out.writeEndObject();
        }
        out.writeEndObject();
    }
}
