package dev.sagastack.local.dynamodb.dax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DAX item and read operations (GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan): decode the
 * DAX arguments into a DynamoDB JSON request, serve it from the caches or the engine, encode the answer.
 */
final class DaxOperations {

    private final Engine engine;
    private final ItemEncoder items;
    private final DaxCache cache;
    private final Map<String, KeySchema> schemas = new ConcurrentHashMap<>();

    DaxOperations(Engine engine, ItemEncoder items, DaxCache cache) {
        this.engine = engine;
        this.items = items;
        this.cache = cache;
    }

    Engine engine() {
        return engine;
    }

    ItemEncoder items() {
        return items;
    }

    DaxCache cache() {
        return cache;
    }

    KeySchema schema(String table) throws Engine.EngineError {
        KeySchema s = schemas.get(table);
        if (s == null) {
            ObjectNode req = engine.newRequest().put("TableName", table);
            s = KeySchema.fromDescription(engine.call("DescribeTable", req).path("Table"));
            schemas.put(table, s);
        }
        return s;
    }

    void forgetSchema(String table) {
        schemas.remove(table);
    }

    void forgetSchemas() {
        schemas.clear();
    }

    /** defineKeySchema: the key attributes and their types, hash key first. */
    void defineKeySchema(List<Object> args, CborWriter out) throws Engine.EngineError, DaxProtocolException {
        String table = text(args.get(0));
        forgetSchema(table);
        KeySchema s = schema(table);
        out.arrayHeader(0);
        out.mapHeader(s.rangeName().isPresent() ? 2 : 1);
        out.string(s.hashName()).string(s.hashType());
        if (s.rangeName().isPresent()) {
            out.string(s.rangeName().get()).string(s.rangeType().get());
        }
    }

    void getItem(List<Object> args, CborWriter out) throws Engine.EngineError, DaxProtocolException {
        String table = text(args.get(0));
        KeySchema s = schema(table);
        byte[] keyBytes = bytes(args.get(1));
        RequestParams p = RequestParams.of(args.get(2));
        ExpressionDecoder exprs = new ExpressionDecoder();
        ObjectNode req = engine.newRequest().put("TableName", table);
        req.set("Key", s.decodeKey(keyBytes));
        boolean consistent = p.flag(RequestParams.CONSISTENT_READ);
        req.put("ConsistentRead", consistent);
        Optional<ExpressionDecoder.Projection> projection = projection(p, exprs, req);
        attachNamesAndValues(exprs, req);
        String itemId = itemId(table, keyBytes);
        String variant = projection.map(pr -> pr.expression() + exprs.names()).orElse("");
        JsonNode response;
        if (consistent) {
            response = engine.call("GetItem", req);
        } else {
            Optional<JsonNode> cached = cache.item(table, itemId, variant);
            if (cached.isPresent()) {
                response = cached.get();
            } else {
                long stamp = cache.writeStamp(itemId);
                response = engine.call("GetItem", req);
                cache.putItem(itemId, variant, response, stamp);
            }
        }
        out.arrayHeader(0);
        out.mapStream();
        JsonNode item = response.get("Item");
        if (item != null) {
            out.integer(0);
            if (projection.isPresent()) {
                ItemEncoder.writeProjected(item, projection.get().paths(), out);
            } else {
                out.bytes(items.nonKeyAttributes(item, s));
            }
        }
        out.end();
    }

    void putItem(List<Object> args, CborWriter out) throws Engine.EngineError, DaxProtocolException {
        String table = text(args.get(0));
        KeySchema s = schema(table);
        byte[] keyBytes = bytes(args.get(1));
        ObjectNode item = s.decodeKey(keyBytes);
        items.readNonKeyAttributes(bytes(args.get(2)), item);
        RequestParams p = RequestParams.of(args.get(3));
        ObjectNode req = engine.newRequest().put("TableName", table);
        req.set("Item", item);
        writeOptions(p, req);
        JsonNode response = write(table, keyBytes, s.decodeKey(keyBytes), "PutItem", req);
        writeAttributes(response, s, false, out);
    }

    void deleteItem(List<Object> args, CborWriter out) throws Engine.EngineError, DaxProtocolException {
        keyedWrite("DeleteItem", args, out);
    }

    void updateItem(List<Object> args, CborWriter out) throws Engine.EngineError, DaxProtocolException {
        keyedWrite("UpdateItem", args, out);
    }

    /** DeleteItem and UpdateItem: table, key, then the request's parameters; the engine reads a serialized copy. */
    private void keyedWrite(String operation, List<Object> args, CborWriter out)
            throws Engine.EngineError, DaxProtocolException {
        String table = text(args.get(0));
        KeySchema s = schema(table);
        byte[] keyBytes = bytes(args.get(1));
        ObjectNode key = s.decodeKey(keyBytes);
        ObjectNode req = engine.newRequest().put("TableName", table);
        req.set("Key", key);
        writeOptions(RequestParams.of(args.get(2)), req);
        boolean updatedOnly = req.path("ReturnValues").asText("NONE").startsWith("UPDATED_");
        JsonNode response = write(table, keyBytes, key, operation, req);
        writeAttributes(response, s, updatedOnly, out);
    }

    private void writeOptions(RequestParams p, ObjectNode req) throws DaxProtocolException {
        ExpressionDecoder exprs = new ExpressionDecoder();
        Optional<byte[]> update = p.bytes(RequestParams.UPDATE_EXPRESSION);
        if (update.isPresent()) {
            req.put("UpdateExpression", exprs.update(update.get()));
        }
        Optional<byte[]> condition = p.bytes(RequestParams.CONDITION_EXPRESSION);
        if (condition.isPresent()) {
            req.put("ConditionExpression", exprs.condition(condition.get(), "c"));
        }
        attachNamesAndValues(exprs, req);
        p.number(RequestParams.RETURN_VALUES).map(RequestParams::returnValues)
                .ifPresent(rv -> req.put("ReturnValues", rv));
    }

    /** A write through DAX: the engine first, then the item cache is written through with the stored item. */
    private JsonNode write(String table, byte[] keyBytes, ObjectNode key, String operation, ObjectNode req)
            throws Engine.EngineError {
        JsonNode response = engine.call(operation, req);
        writeThrough(table, keyBytes, key);
        return response;
    }

    void writeThrough(String table, byte[] keyBytes, ObjectNode key) throws Engine.EngineError {
        ObjectNode get = engine.newRequest().put("TableName", table).put("ConsistentRead", true);
        get.set("Key", key);
        String id = itemId(table, keyBytes);
        long stamp = cache.writeThrough(id);
        cache.putItem(id, "", engine.call("GetItem", get), stamp);
    }

    private void writeAttributes(JsonNode response, KeySchema s, boolean updatedOnly, CborWriter out) {
        out.arrayHeader(0);
        out.mapStream();
        JsonNode attributes = response.get("Attributes");
        if (attributes != null && attributes.size() > 0) {
            out.integer(2);
            out.bytes(updatedOnly ? items.attributeProjection(attributes) : items.nonKeyAttributes(attributes, s));
        }
        out.end();
    }

    void query(List<Object> args, CborWriter out) throws Engine.EngineError, DaxProtocolException {
        String table = text(args.get(0));
        ExpressionDecoder exprs = new ExpressionDecoder();
        ObjectNode req = engine.newRequest().put("TableName", table);
        req.put("KeyConditionExpression", exprs.condition(bytes(args.get(1)), "k"));
        RequestParams p = RequestParams.of(args.get(2));
        p.number(RequestParams.SCAN_INDEX_FORWARD).ifPresent(f -> req.put("ScanIndexForward", f != 0));
        readOrScan(table, "Query", p, exprs, req, out);
    }

    void scan(List<Object> args, CborWriter out) throws Engine.EngineError, DaxProtocolException {
        String table = text(args.get(0));
        RequestParams p = RequestParams.of(args.get(1));
        ObjectNode req = engine.newRequest().put("TableName", table);
        p.number(RequestParams.SEGMENT).ifPresent(n -> req.put("Segment", n));
        p.number(RequestParams.TOTAL_SEGMENTS).ifPresent(n -> req.put("TotalSegments", n));
        readOrScan(table, "Scan", p, new ExpressionDecoder(), req, out);
    }

    private void readOrScan(String table, String operation, RequestParams p, ExpressionDecoder exprs,
            ObjectNode req, CborWriter out) throws Engine.EngineError, DaxProtocolException {
        KeySchema s = schema(table);
        Optional<String> index = p.text(RequestParams.INDEX_NAME);
        index.ifPresent(i -> req.put("IndexName", i));
        p.number(RequestParams.SELECT).map(RequestParams::select).ifPresent(sel -> req.put("Select", sel));
        p.number(RequestParams.LIMIT).ifPresent(n -> req.put("Limit", n));
        boolean consistent = p.flag(RequestParams.CONSISTENT_READ);
        if (consistent) {
            req.put("ConsistentRead", true);
        }
        Optional<byte[]> start = p.bytes(RequestParams.EXCLUSIVE_START_KEY);
        if (start.isPresent()) {
            req.set("ExclusiveStartKey", index.isPresent() ? compoundKey(start.get()) : s.decodeKey(start.get()));
        }
        Optional<byte[]> filter = p.bytes(RequestParams.FILTER_EXPRESSION);
        if (filter.isPresent()) {
            req.put("FilterExpression", exprs.condition(filter.get(), "f"));
        }
        Optional<ExpressionDecoder.Projection> projection = projection(p, exprs, req);
        attachNamesAndValues(exprs, req);
        JsonNode response;
        if (consistent) {
            response = engine.call(operation, req);
        } else {
            String cacheKey = operation + req;
            Optional<JsonNode> cached = cache.query(table, cacheKey);
            if (cached.isPresent()) {
                response = cached.get();
            } else {
                response = engine.call(operation, req);
                cache.putQuery(cacheKey, response);
            }
        }
        out.arrayHeader(0);
        out.mapStream();
        JsonNode found = response.get("Items");
        if (found != null) {
            out.integer(7);
            out.arrayHeader(found.size());
            for (JsonNode item : found) {
                if (projection.isPresent()) {
                    ItemEncoder.writeProjected(item, projection.get().paths(), out);
                } else {
                    out.arrayHeader(2);
                    out.bytes(s.encodeKey(item));
                    out.bytes(items.nonKeyAttributes(item, s));
                }
            }
        }
        out.integer(8).integer(response.path("Count").asLong());
        out.integer(10).integer(response.path("ScannedCount").asLong());
        JsonNode last = response.get("LastEvaluatedKey");
        if (last != null) {
            out.integer(9);
            out.bytes(index.isPresent() ? compoundKey(last) : s.encodeKey(last));
        }
        out.end();
    }

    /** Keys of index reads travel as a byte string holding a map of attribute name to value. */
    private static ObjectNode compoundKey(byte[] encoded) throws DaxProtocolException {
        try {
            Object m = CborReader.of(encoded).read();
            ObjectNode key = ItemEncoder.object();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) m).entrySet()) {
                key.set((String) e.getKey(), AttributeValues.toJson(e.getValue()));
            }
            return key;
        } catch (IOException | ClassCastException e) {
            throw new DaxProtocolException("malformed ExclusiveStartKey");
        }
    }

    private static byte[] compoundKey(JsonNode key) {
        CborWriter w = new CborWriter();
        w.mapStream();
        for (var it = key.fields(); it.hasNext();) {
            var e = it.next();
            w.string(e.getKey());
            AttributeValues.write(e.getValue(), w);
        }
        w.end();
        return w.toByteArray();
    }

    Optional<ExpressionDecoder.Projection> projection(RequestParams p, ExpressionDecoder exprs, ObjectNode req)
            throws DaxProtocolException {
        Optional<byte[]> encoded = p.bytes(RequestParams.PROJECTION_EXPRESSION);
        if (encoded.isEmpty()) {
            return Optional.empty();
        }
        ExpressionDecoder.Projection projection = exprs.projection(encoded.get());
        req.put("ProjectionExpression", projection.expression());
        return Optional.of(projection);
    }

    static void attachNamesAndValues(ExpressionDecoder exprs, ObjectNode req) {
        if (exprs.names().size() > 0) {
            req.set("ExpressionAttributeNames", exprs.names());
        }
        if (exprs.values().size() > 0) {
            req.set("ExpressionAttributeValues", exprs.values());
        }
    }

    static String itemId(String table, byte[] keyBytes) {
        return table + '\u0000' + Base64.getEncoder().encodeToString(keyBytes);
    }

    static String text(Object o) throws DaxProtocolException {
        if (o instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (o instanceof String s) {
            return s;
        }
        throw new DaxProtocolException("expected a name, got " + o);
    }

    static byte[] bytes(Object o) throws DaxProtocolException {
        if (o instanceof byte[] b) {
            return b;
        }
        throw new DaxProtocolException("expected a byte string, got " + o);
    }
}
