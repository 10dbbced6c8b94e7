package dev.sagastack.local.dynamodb.dax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * BatchGetItem, BatchWriteItem, TransactGetItems and TransactWriteItems over DAX. Batch gets use the
 * item cache for eventually consistent tables; transactions always go to the engine (the DAX guide:
 * transactional reads are not cached) and transactional writes write through the item cache.
 */
final class DaxBatchOperations {

    static final int OP_PUT = 2;
    static final int OP_DELETE = 7;
    static final int OP_PARTIAL_UPDATE = 9;
    static final int OP_CHECK = 12;

    private final DaxOperations ops;
    private final Engine engine;
    private final ItemEncoder items;

    DaxBatchOperations(DaxOperations ops) {
        this.ops = ops;
        this.engine = ops.engine();
        this.items = ops.items();
    }

    private record TableRead(String table, KeySchema schema, boolean consistent,
            Optional<ExpressionDecoder.Projection> projection, ObjectNode names, String variant,
            List<byte[]> keys) {
    }

    void batchGetItem(List<Object> args, CborWriter out) throws Engine.EngineError, DaxProtocolException {
        List<TableRead> reads = new ArrayList<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) args.get(0)).entrySet()) {
            String table = DaxOperations.text(e.getKey());
            List<?> spec = (List<?>) e.getValue();
            ExpressionDecoder exprs = new ExpressionDecoder();
            Optional<ExpressionDecoder.Projection> projection = spec.get(1) instanceof byte[] b
                    ? Optional.of(exprs.projection(b)) : Optional.empty();
            List<byte[]> keys = new ArrayList<>();
            for (Object k : (List<?>) spec.get(2)) {
                keys.add(DaxOperations.bytes(k));
            }
            reads.add(new TableRead(table, ops.schema(table), Boolean.TRUE.equals(spec.get(0)), projection,
                    exprs.names(), projection.map(p -> p.expression() + exprs.names()).orElse(""), keys));
        }
        Map<String, List<JsonNode>> found = new LinkedHashMap<>();
        ObjectNode requestItems = engine.newRequest();
        Map<String, List<byte[]>> missed = new HashMap<>();
        for (TableRead r : reads) {
            List<JsonNode> hits = found.computeIfAbsent(r.table(), t -> new ArrayList<>());
            ArrayNode keys = null;
            for (byte[] key : r.keys()) {
                if (!r.consistent()) {
                    Optional<JsonNode> cached = ops.cache().item(r.table(), DaxOperations.itemId(r.table(), key),
                            r.variant());
                    if (cached.isPresent()) {
                        JsonNode item = cached.get().get("Item");
                        if (item != null) {
                            hits.add(item);
                        }
                        continue;
                    }
                }
                if (keys == null) {
                    ObjectNode spec = requestItems.putObject(r.table());
                    keys = spec.putArray("Keys");
                    spec.put("ConsistentRead", r.consistent());
                    r.projection().ifPresent(p -> spec.put("ProjectionExpression", p.expression()));
                    if (r.names().size() > 0) {
                        spec.set("ExpressionAttributeNames", r.names());
                    }
                }
                keys.add(r.schema().decodeKey(key));
                missed.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(key);
            }
        }
        JsonNode unprocessed = null;
        Map<String, Long> stamps = new HashMap<>();
        missed.forEach((table, keys) -> keys.forEach(k -> {
            String id = DaxOperations.itemId(table, k);
            stamps.put(id, ops.cache().writeStamp(id));
        }));
        if (requestItems.size() > 0) {
            ObjectNode req = engine.newRequest();
            req.set("RequestItems", requestItems);
            JsonNode response = engine.call("BatchGetItem", req);
            unprocessed = response.get("UnprocessedKeys");
            for (TableRead r : reads) {
                List<byte[]> asked = missed.getOrDefault(r.table(), List.of());
                if (asked.isEmpty()) {
                    continue;
                }
                boolean cacheable = !r.consistent() && r.projection().isEmpty();
                Map<String, JsonNode> byKey = new HashMap<>();
                for (JsonNode item : response.path("Responses").path(r.table())) {
                    found.get(r.table()).add(item);
                    if (cacheable) {
                        byKey.put(DaxOperations.itemId(r.table(), r.schema().encodeKey(item)), item);
                    }
                }
                if (!cacheable) {
                    continue; // projected items may lack their key; strong reads never fill the cache
                }
                for (byte[] key : asked) {
                    String id = DaxOperations.itemId(r.table(), key);
                    if (!isUnprocessed(unprocessed, r, key)) {
                        ObjectNode cached = engine.newRequest();
                        if (byKey.containsKey(id)) {
                            cached.set("Item", byKey.get(id));
                        }
                        ops.cache().putItem(id, r.variant(), cached, stamps.get(id));
                    }
                }
            }
        }
        out.arrayHeader(0);
        out.arrayHeader(2);
        out.mapHeader(found.size());
        for (TableRead r : reads) {
            List<JsonNode> list = found.get(r.table());
            out.string(r.table());
            if (r.projection().isPresent()) {
                out.arrayHeader(list.size());
                for (JsonNode item : list) {
                    ItemEncoder.writeProjected(item, r.projection().get().paths(), out);
                }
            } else {
                out.arrayHeader(list.size() * 2);
                for (JsonNode item : list) {
                    out.bytes(r.schema().encodeKey(item));
                    out.bytes(items.nonKeyAttributes(item, r.schema()));
                }
            }
        }
        int unprocessedTables = unprocessed == null ? 0 : unprocessed.size();
        out.mapHeader(unprocessedTables);
        if (unprocessed != null) {
            for (TableRead r : reads) {
                JsonNode keys = unprocessed.path(r.table()).path("Keys");
                if (!unprocessed.has(r.table())) {
                    continue;
                }
                out.string(r.table());
                out.arrayHeader(keys.size());
                for (JsonNode k : keys) {
                    out.bytes(r.schema().encodeKey(k));
                }
            }
        }
        out.arrayHeader(0);
    }

    private static boolean isUnprocessed(JsonNode unprocessed, TableRead r, byte[] key) {
        if (unprocessed == null) {
            return false;
        }
        String id = DaxOperations.itemId(r.table(), key);
        for (JsonNode k : unprocessed.path(r.table()).path("Keys")) {
            if (DaxOperations.itemId(r.table(), r.schema().encodeKey(k)).equals(id)) {
                return true;
            }
        }
        return false;
    }

    void batchWriteItem(List<Object> args, CborWriter out) throws Engine.EngineError, DaxProtocolException {
        ObjectNode requestItems = engine.newRequest();
        Map<String, KeySchema> schemas = new LinkedHashMap<>();
        List<Object[]> written = new ArrayList<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) args.get(0)).entrySet()) {
            String table = DaxOperations.text(e.getKey());
            KeySchema s = ops.schema(table);
            schemas.put(table, s);
            ArrayNode list = requestItems.putArray(table);
            List<?> pairs = (List<?>) e.getValue();
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                byte[] key = DaxOperations.bytes(pairs.get(i));
                ObjectNode item = s.decodeKey(key);
                if (pairs.get(i + 1) == CborReader.NULL) {
                    list.addObject().putObject("DeleteRequest").set("Key", item);
                } else {
                    items.readNonKeyAttributes(DaxOperations.bytes(pairs.get(i + 1)), item);
                    list.addObject().putObject("PutRequest").set("Item", item);
                }
                written.add(new Object[] {table, key});
            }
        }
        ObjectNode req = engine.newRequest();
        req.set("RequestItems", requestItems);
        JsonNode response = engine.call("BatchWriteItem", req);
        for (Object[] w : written) {
            String table = (String) w[0];
            byte[] key = (byte[]) w[1];
            ops.writeThrough(table, key, schemas.get(table).decodeKey(key));
        }
        JsonNode unprocessed = response.path("UnprocessedItems");
        out.arrayHeader(0);
        out.mapHeader(unprocessed.size());
        for (var it = unprocessed.fields(); it.hasNext();) {
            var e = it.next();
            KeySchema s = schemas.get(e.getKey());
            out.string(e.getKey());
            out.arrayHeader(e.getValue().size() * 2);
            for (JsonNode wr : e.getValue()) {
                if (wr.has("PutRequest")) {
                    JsonNode item = wr.path("PutRequest").path("Item");
                    out.bytes(s.encodeKey(item));
                    out.bytes(items.nonKeyAttributes(item, s));
                } else {
                    out.bytes(s.encodeKey(wr.path("DeleteRequest").path("Key")));
                    out.nil();
                }
            }
        }
        out.arrayHeader(0);
        out.mapHeader(0);
    }

    void transactGetItems(List<Object> args, CborWriter out) throws Engine.EngineError, DaxProtocolException {
        List<?> tables = (List<?>) args.get(0);
        List<?> keys = (List<?>) args.get(1);
        List<?> projections = (List<?>) args.get(2);
        ArrayNode transactItems = engine.newRequest().arrayNode();
        List<KeySchema> schemas = new ArrayList<>();
        List<Optional<ExpressionDecoder.Projection>> projected = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            String table = DaxOperations.text(tables.get(i));
            KeySchema s = ops.schema(table);
            schemas.add(s);
            ObjectNode get = transactItems.addObject().putObject("Get").put("TableName", table);
            get.set("Key", s.decodeKey(DaxOperations.bytes(keys.get(i))));
            ExpressionDecoder exprs = new ExpressionDecoder();
            Optional<ExpressionDecoder.Projection> p = projections.get(i) instanceof byte[] b
                    ? Optional.of(exprs.projection(b)) : Optional.empty();
            p.ifPresent(pr -> get.put("ProjectionExpression", pr.expression()));
            DaxOperations.attachNamesAndValues(exprs, get);
            projected.add(p);
        }
        ObjectNode req = engine.newRequest();
        req.set("TransactItems", transactItems);
        JsonNode response = engine.call("TransactGetItems", req);
        JsonNode responses = response.path("Responses");
        out.arrayHeader(0);
        out.arrayHeader(2);
        out.arrayHeader(tables.size());
        for (int i = 0; i < tables.size(); i++) {
            JsonNode item = responses.path(i).get("Item");
            if (item == null) {
                out.nil();
            } else if (projected.get(i).isPresent()) {
                ItemEncoder.writeProjected(item, projected.get(i).get().paths(), out);
            } else {
                out.bytes(items.nonKeyAttributes(item, schemas.get(i)));
            }
        }
        out.arrayHeader(0);
    }

    void transactWriteItems(List<Object> args, CborWriter out) throws Engine.EngineError, DaxProtocolException {
        List<?> operations = (List<?>) args.get(0);
        List<?> tables = (List<?>) args.get(1);
        List<?> keys = (List<?>) args.get(2);
        List<?> values = (List<?>) args.get(3);
        List<?> returnOnFailure = (List<?>) args.get(5);
        List<?> conditions = (List<?>) args.get(6);
        List<?> updates = (List<?>) args.get(7);
        RequestParams params = RequestParams.of(args.get(8));
        ArrayNode transactItems = engine.newRequest().arrayNode();
        List<KeySchema> schemas = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            String table = DaxOperations.text(tables.get(i));
            KeySchema s = ops.schema(table);
            schemas.add(s);
            byte[] key = DaxOperations.bytes(keys.get(i));
            int op = ((Long) operations.get(i)).intValue();
            String kind = switch (op) {
                case OP_PUT -> "Put";
                case OP_DELETE -> "Delete";
                case OP_PARTIAL_UPDATE -> "Update";
                case OP_CHECK -> "ConditionCheck";
                default -> throw new DaxProtocolException("unsupported transaction operation " + op);
            };
            ObjectNode action = transactItems.addObject().putObject(kind).put("TableName", table);
            ObjectNode k = s.decodeKey(key);
            if (op == OP_PUT) {
                items.readNonKeyAttributes(DaxOperations.bytes(values.get(i)), k);
                action.set("Item", k);
            } else {
                action.set("Key", k);
            }
            ExpressionDecoder exprs = new ExpressionDecoder();
            if (updates.get(i) instanceof byte[] u) {
                action.put("UpdateExpression", exprs.update(u));
            }
            if (conditions.get(i) instanceof byte[] c) {
                action.put("ConditionExpression", exprs.condition(c, "c"));
            }
            DaxOperations.attachNamesAndValues(exprs, action);
            if (Long.valueOf(2).equals(returnOnFailure.get(i))) {
                action.put("ReturnValuesOnConditionCheckFailure", "ALL_OLD");
            }
        }
        ObjectNode req = engine.newRequest();
        req.set("TransactItems", transactItems);
        params.text(RequestParams.CLIENT_REQUEST_TOKEN).ifPresent(t -> req.put("ClientRequestToken", t));
        try {
            engine.call("TransactWriteItems", req);
        } catch (Engine.EngineError e) {
            out.reset();
            DaxErrors.writeEngineError(out, e, items, schemas);
            return;
        }
        for (int i = 0; i < operations.size(); i++) {
            if (((Long) operations.get(i)).intValue() != OP_CHECK) {
                String table = DaxOperations.text(tables.get(i));
                byte[] key = DaxOperations.bytes(keys.get(i));
                ops.writeThrough(table, key, schemas.get(i).decodeKey(key));
            }
        }
        out.arrayHeader(0);
        out.arrayHeader(3);
        out.arrayHeader(operations.size());
        for (int i = 0; i < operations.size(); i++) {
            out.nil();
        }
        out.arrayHeader(0);
        out.mapHeader(0);
    }
}
