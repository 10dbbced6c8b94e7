package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.DynamoDbError;
import dev.sagastack.local.dynamodb.engine.ItemSize;
import dev.sagastack.local.dynamodb.engine.Table;
import dev.sagastack.local.dynamodb.expression.Projection;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.AttributeValueJson;
import dev.sagastack.local.dynamodb.value.Item;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * BatchGetItem (at most 100 keys) and BatchWriteItem (at most 25 puts and deletes). The whole
 * request is validated before anything is read or written. A configurable share of each call is
 * returned as UnprocessedKeys/UnprocessedItems so that clients' retry loops can be exercised.
 */
final class BatchOperations {

    private static final int MAX_GET = 100;
    private static final int MAX_WRITE = 25;
    private static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    private final Database db;
    private final ServerSettings settings;
    private final ItemOperations items;

    BatchOperations(Database db, ServerSettings settings, ItemOperations items) {
        this.db = db;
        this.settings = settings;
        this.items = items;
    }

    // ---- BatchGetItem ----

    private record GetTable(String name, Table table, List<Map<String, AttributeValue>> keys, Projection projection,
            List<String> attributesToGet, Request raw) {
    }

    private record GetKey(GetTable table, Map<String, AttributeValue> key) {
    }

    void batchGetItem(Request req, JsonGenerator out) throws IOException {
        Request requestItems = req.object("RequestItems");
        Violations v = new Violations();
        v.notNull(requestItems, "requestItems");
        Capacity.checkParameter(v, req.string("ReturnConsumedCapacity"));
        v.throwIfAny();
        if (requestItems.node().size() == 0) {
            throw DynamoDbError.validation("The requestItems parameter is required for BatchGetItem");
        }
        List<GetTable> tables = new ArrayList<>();
        List<GetKey> all = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = requestItems.node().properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            v.tableName(name, "requestItems." + name + ".member.tableName", false);
            if (!e.getValue().isObject()) {
                throw DynamoDbError.serialization("Unexpected value type in payload");
            }
            Request tr = new Request(e.getValue());
            JsonNode keysNode = tr.array("Keys");
            if (keysNode == null) {
                v.notNull(null, "requestItems." + name + ".member.keys");
                continue;
            }
            if (keysNode.size() == 0) {
                v.add("[]", "requestItems." + name + ".member.keys", "Member must have length greater than or equal to 1");
            }
            if (keysNode.size() > MAX_GET) {
                v.add("[...]", "requestItems." + name + ".member.keys", "Member must have length less than or equal to 100");
            }
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (JsonNode k : keysNode) {
                keys.add(Request.readValueMap(k));
            }
            tables.add(new GetTable(name, null, keys, null, null, tr));
        }
        v.throwIfAny();
        int total = tables.stream().mapToInt(t -> t.keys().size()).sum();
        if (total > MAX_GET) {
            throw DynamoDbError.validation("Too many items requested for the BatchGetItem call");
        }
        // Every table's projection, names and values are checked before any table is looked up.
        List<Projection> projections = new ArrayList<>();
        for (GetTable t : tables) {
            ExpressionInput expressions = ExpressionInput.of(t.raw(), List.of("ProjectionExpression"),
                    List.of("AttributesToGet"));
            projections.add(expressions.projection(t.raw().string("ProjectionExpression")));
            expressions.verifyAllUsed();
        }
        List<GetTable> resolved = new ArrayList<>();
        for (int ti = 0; ti < tables.size(); ti++) {
            GetTable t = tables.get(ti);
            Projection projection = projections.get(ti);
            Table table = db.table(t.name());
            Set<ByteBuffer> seen = new HashSet<>();
            for (Map<String, AttributeValue> key : t.keys()) {
                ItemRules.validateKey(table.schema(), key);
                if (!seen.add(ByteBuffer.wrap(table.primaryKey(key)))) {
                    throw DynamoDbError.validation("Provided list of item keys contains duplicates");
                }
            }
            GetTable r = new GetTable(t.name(), table, t.keys(), projection, t.raw().strings("AttributesToGet"), t.raw());
            resolved.add(r);
            for (Map<String, AttributeValue> key : t.keys()) {
                all.add(new GetKey(r, key));
            }
        }
        int processedCount = all.size() - settings.unprocessedOf(all.size());
        String capacity = req.string("ReturnConsumedCapacity");
        Map<String, Capacity.Consumed> units = new LinkedHashMap<>();
        Map<GetTable, List<Item>> responses = new LinkedHashMap<>();
        Map<GetTable, List<Map<String, AttributeValue>>> unprocessed = new LinkedHashMap<>();
        int bytes = 0;
        for (int i = 0; i < all.size(); i++) {
            GetKey g = all.get(i);
            if (i >= processedCount || bytes > MAX_RESPONSE_BYTES) {
                unprocessed.computeIfAbsent(g.table(), x -> new ArrayList<>()).add(g.key());
                continue;
            }
            responses.computeIfAbsent(g.table(), x -> new ArrayList<>());
            Optional<Item> item = g.table().table().get(g.table().table().primaryKey(g.key()));
            if (Capacity.requested(capacity)) {
                Capacity.add(units, g.table().table().name(), Capacity.Consumed.ofTable(Capacity.readUnits(
                        item.map(ItemSize::of).orElse(0), Boolean.TRUE.equals(g.table().raw().bool("ConsistentRead")))));
            }
            if (item.isPresent()) {
                bytes += ItemSize.of(item.get());
                responses.get(g.table()).add(
                        ItemOperations.project(item.get(), g.table().projection(), g.table().attributesToGet()));
            }
        }
        out.writeStartObject();
        out.writeObjectFieldStart("Responses");
        for (Map.Entry<GetTable, List<Item>> e : responses.entrySet()) {
            out.writeArrayFieldStart(e.getKey().name());
            for (Item item : e.getValue()) {
                AttributeValueJson.writeItem(out, item);
            }
            out.writeEndArray();
        }
        out.writeEndObject();
        out.writeObjectFieldStart("UnprocessedKeys");
        for (Map.Entry<GetTable, List<Map<String, AttributeValue>>> e : unprocessed.entrySet()) {
            out.writeObjectFieldStart(e.getKey().name());
            out.writeArrayFieldStart("Keys");
            for (Map<String, AttributeValue> key : e.getValue()) {
                AttributeValueJson.writeMap(out, key);
            }
            out.writeEndArray();
            // Echo the table's other parameters so the unprocessed part can be sent again as is.
            Iterator<Map.Entry<String, JsonNode>> fields = e.getKey().raw().node().properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (!f.getKey().equals("Keys")) {
                    out.writeFieldName(f.getKey());
                    out.writeTree(f.getValue());
                }
            }
            out.writeEndObject();
        }
        out.writeEndObject();
        Capacity.writePerTable(out, capacity, units);
        out.writeEndObject();
    }

    // ---- BatchWriteItem ----

    void batchWriteItem(Request req, JsonGenerator out) throws IOException {
        Request requestItems = req.object("RequestItems");
        Violations v = new Violations();
        v.notNull(requestItems, "requestItems");
        Capacity.checkParameter(v, req.string("ReturnConsumedCapacity"));
        String metrics = req.string(ItemCollectionMetrics.PARAMETER);
        ItemCollectionMetrics.checkParameter(v, metrics);
        v.throwIfAny();
        if (requestItems.node().size() == 0) {
            throw DynamoDbError.validation("The requestItems parameter is required for BatchWriteItem");
        }
        Map<String, List<Request>> perTable = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = requestItems.node().properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            v.tableName(name, "requestItems." + name + ".member.tableName", false);
            if (!e.getValue().isArray()) {
                throw DynamoDbError.serialization("Unrecognized collection type class java.util.List");
            }
            List<Request> writes = new ArrayList<>();
            for (JsonNode w : e.getValue()) {
                if (!w.isObject()) {
                    throw DynamoDbError.serialization("Unexpected value type in payload");
                }
                writes.add(new Request(w));
            }
            if (writes.isEmpty() || writes.size() > MAX_WRITE) {
                // DynamoDB reports a table's list as a constraint on the RequestItems map, echoing the map
                // (API Reference, BatchWriteItem: 1 to 25 requests).
                v.add("{" + name + "=" + (writes.isEmpty() ? "[]" : "[...]") + "}", "requestItems",
                        "Map value must satisfy constraint: [Member must have length less than or equal to "
                                + MAX_WRITE + ", Member must have length greater than or equal to 1]");
            }
            perTable.put(name, writes);
        }
        v.throwIfAny();
        if (perTable.values().stream().mapToInt(List::size).sum() > MAX_WRITE) {
            throw DynamoDbError.validation("Too many items requested for the BatchWriteItem call");
        }
        // Every request's shape is checked before any table is looked up.
        for (Map.Entry<String, List<Request>> e : perTable.entrySet()) {
            for (Request w : e.getValue()) {
                Request put = w.object("PutRequest");
                Request delete = w.object("DeleteRequest");
                if ((put == null) == (delete == null)) {
                    throw DynamoDbError.validation("Supplied AttributeValue has more than one datatypes set, must "
                            + "contain exactly one of the supported datatypes");
                }
                if (put != null && !put.has("Item")) {
                    throw DynamoDbError.validation("1 validation error detected: Value null at "
                            + "'requestItems." + e.getKey() + ".member.1.member.putRequest.item' failed to satisfy "
                            + "constraint: Member must not be null");
                }
            }
        }
        List<PreparedWrite> writes = new ArrayList<>();
        List<String> tableOf = new ArrayList<>();
        for (Map.Entry<String, List<Request>> e : perTable.entrySet()) {
            Set<ByteBuffer> seen = new HashSet<>();
            for (Request w : e.getValue()) {
                Request put = w.object("PutRequest");
                Request delete = w.object("DeleteRequest");
                Table table = db.table(e.getKey());
                PreparedWrite p;
                if (put != null) {
                    Item item = put.item("Item");
                    p = new PreparedWrite(table, PreparedWrite.Kind.PUT, item, null, null, null, false);
                } else {
                    p = new PreparedWrite(table, PreparedWrite.Kind.DELETE, null, delete.valueMap("Key"), null, null,
                            false);
                }
                if (!seen.add(ByteBuffer.wrap(p.primaryKey))) {
                    throw DynamoDbError.validation("Provided list of item keys contains duplicates");
                }
                writes.add(p);
                tableOf.add(e.getKey());
            }
        }
        int processedCount = writes.size() - settings.unprocessedOf(writes.size());
        String capacity = req.string("ReturnConsumedCapacity");
        Map<String, Capacity.Consumed> units = new LinkedHashMap<>();
        for (int i = 0; i < processedCount; i++) {
            PreparedWrite w = writes.get(i);
            PreparedWrite.Outcome outcome = items.execute(w);
            if (Capacity.requested(capacity)) {
                Capacity.add(units, w.table.name(), Capacity.ofWrite(w.table.schema(), outcome.oldItem(),
                        w.kind == PreparedWrite.Kind.PUT ? outcome.newItem() : null, 1));
            }
        }
        out.writeStartObject();
        out.writeObjectFieldStart("UnprocessedItems");
        String current = null;
        for (int i = processedCount; i < writes.size(); i++) {
            if (!tableOf.get(i).equals(current)) {
                if (current != null) {
                    out.writeEndArray();
                }
                current = tableOf.get(i);
                out.writeArrayFieldStart(current);
            }
            PreparedWrite w = writes.get(i);
            out.writeStartObject();
            if (w.kind == PreparedWrite.Kind.PUT) {
                out.writeObjectFieldStart("PutRequest");
                out.writeFieldName("Item");
                AttributeValueJson.writeItem(out, w.putItem);
            } else {
                out.writeObjectFieldStart("DeleteRequest");
                out.writeFieldName("Key");
                AttributeValueJson.writeMap(out, w.key);
            }
            out.writeEndObject();
            out.writeEndObject();
        }
        if (current != null) {
            out.writeEndArray();
        }
        out.writeEndObject();
        if (ItemCollectionMetrics.requested(metrics)) {
            ItemCollectionMetrics.writePerTable(out, writes.subList(0, processedCount));
        }
        Capacity.writePerTable(out, capacity, units);
        out.writeEndObject();
    }
}
