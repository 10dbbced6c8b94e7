package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.DynamoDbError;
import dev.sagastack.local.dynamodb.engine.IndexSchema;
import dev.sagastack.local.dynamodb.engine.ItemCodec;
import dev.sagastack.local.dynamodb.engine.KeyAttribute;
import dev.sagastack.local.dynamodb.engine.KeyCodec;
import dev.sagastack.local.dynamodb.engine.Table;
import dev.sagastack.local.dynamodb.engine.TableSchema;
import dev.sagastack.local.dynamodb.expression.Condition;
import dev.sagastack.local.dynamodb.expression.KeyCondition;
import dev.sagastack.local.dynamodb.expression.KeyConditions;
import dev.sagastack.local.dynamodb.expression.Projection;
import dev.sagastack.local.dynamodb.expression.SortKeyCondition;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.AttributeValueJson;
import dev.sagastack.local.dynamodb.value.Item;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Query and Scan: a key range over the table's or an index's sorted map, read in order (or
 * reverse), stopping at Limit evaluated items or 1 MB of them, then filtered and projected.
 */
final class ReadOperations {

    static final int PAGE_BYTES = 1024 * 1024;

    private final Database db;

    ReadOperations(Database db) {
        this.db = db;
    }

    /** The request parts Query and Scan share. */
    private record ReadTarget(Table table, TableSchema schema, Optional<IndexSchema> index,
            ConcurrentSkipListMap<byte[], ?> map) {

        KeyAttribute hashKey() {
            return index.map(IndexSchema::hashKey).orElse(schema.hashKey());
        }

        Optional<KeyAttribute> rangeKey() {
            return index.isPresent() ? index.get().rangeKey() : schema.rangeKey();
        }

        /** The stored bytes of a map entry's item, or null when it went away since the index was read. */
        byte[] itemBytes(Map.Entry<byte[], ?> entry) {
            return index.isPresent() ? table.getEncoded((byte[]) entry.getValue())
                    : ((Table.Stored) entry.getValue()).bytes();
        }

        byte[] storedKey(Item item) {
            byte[] pk = table.primaryKey(item.attributes());
            return index.isPresent() ? Table.indexKey(index.get(), item, pk) : pk;
        }
    }

    private ReadTarget target(String tableName, String indexName, String select, boolean consistentRead) {
        Table table = db.table(tableName);
        TableSchema schema = table.schema();
        Optional<IndexSchema> index = Optional.empty();
        ConcurrentSkipListMap<byte[], ?> map = table.items();
        if (indexName != null) {
            index = schema.index(indexName);
            if (index.isEmpty()) {
                throw DynamoDbError.validation("The table does not have the specified index: " + indexName);
            }
            if (index.get().global() && consistentRead) {
                throw DynamoDbError.validation("Consistent reads are not supported on global secondary indexes");
            }
            if (index.get().global() && "ALL_ATTRIBUTES".equals(select)
                    && index.get().projectionType() != IndexSchema.ProjectionType.ALL) {
                throw DynamoDbError.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES "
                        + "is not supported for global secondary index " + indexName
                        + " because its projection type is not ALL");
            }
            map = table.index(indexName);
        } else if ("ALL_PROJECTED_ATTRIBUTES".equals(select)) {
            throw DynamoDbError.validation("One or more parameter values were invalid: Select type "
                    + "ALL_PROJECTED_ATTRIBUTES is not supported for a table; use it only with an index");
        }
        return new ReadTarget(table, schema, index, map);
    }

    private static void checkCommon(Violations v, Request req) {
        v.tableName(req.string("TableName"), "tableName", true);
        String indexName = req.string("IndexName");
        if (indexName != null) {
            v.name(indexName, "indexName");
        }
        Long limit = req.integer("Limit");
        if (limit != null && limit < 1) {
            v.add(limit, "limit", "Member must have value greater than or equal to 1");
        }
        // DynamoDB's message lists the values in this order, not in the API page's (as recorded against DynamoDB).
        v.oneOf(req.string("Select"), "select", "SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES",
                "ALL_PROJECTED_ATTRIBUTES");
        Capacity.checkParameter(v, req.string("ReturnConsumedCapacity"));
    }

    private static void checkSelect(String select, Request req) {
        if (select == null) {
            return;
        }
        boolean projects = req.has("ProjectionExpression") || req.has("AttributesToGet");
        if (select.equals("SPECIFIC_ATTRIBUTES") && !projects) {
            throw DynamoDbError.validation("One or more parameter values were invalid: Select type SPECIFIC_ATTRIBUTES "
                    + "requires a ProjectionExpression or AttributesToGet");
        }
        if (!select.equals("SPECIFIC_ATTRIBUTES") && projects) {
            throw DynamoDbError.validation("Cannot specify the " + (req.has("ProjectionExpression")
                    ? "ProjectionExpression" : "AttributesToGet") + " when choosing to get " + select);
        }
    }

    // ---- Query ----

    void query(Request req, JsonGenerator out) throws IOException {
        Violations v = new Violations();
        checkCommon(v, req);
        v.throwIfAny();
        ExpressionInput expressions = ExpressionInput.of(req,
                List.of("ProjectionExpression", "FilterExpression", "KeyConditionExpression"),
                List.of("AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"));
        String keyConditionText = expressions.text("KeyConditionExpression");
        if (keyConditionText == null) {
            throw DynamoDbError.validation(
                    "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        String select = req.string("Select");
        checkSelect(select, req);
        Map<String, AttributeValue> startKey = readStartKey(req);
        // The expressions, their names and values are refused before the table is looked up.
        KeyCondition keyCondition = expressions.keyCondition(keyConditionText);
        Condition filter = expressions.condition(expressions.text("FilterExpression"), "FilterExpression");
        Projection projection = expressions.projection(expressions.text("ProjectionExpression"));
        expressions.verifyAllUsed();
        ReadTarget target = target(req.string("TableName"), req.string("IndexName"), select,
                Boolean.TRUE.equals(req.bool("ConsistentRead")));
        ExpressionInput.guard(() -> {
            KeyConditions.validate(keyCondition, target.hashKey().name(), target.rangeKey().map(KeyAttribute::name));
            return null;
        });
        if (filter != null) {
            for (String attribute : filter.topLevelAttributes()) {
                if (attribute.equals(target.hashKey().name())
                        || target.rangeKey().map(r -> r.name().equals(attribute)).orElse(false)) {
                    throw DynamoDbError.validation((req.has("QueryFilter")
                            ? "QueryFilter can only contain non-key attributes: "
                            : "Filter Expression can only contain non-primary key attributes: ")
                            + "Primary key attribute: " + attribute);
                }
            }
        }
        if (!target.hashKey().matchesType(keyCondition.partitionValue())) {
            throw DynamoDbError.validation("One or more parameter values were invalid: Condition parameter type does "
                    + "not match schema type");
        }
        Optional<SortKeyCondition> sort = keyCondition.sortKeyCondition();
        if (sort.isPresent()) {
            for (AttributeValue operand : sort.get().operands()) {
                if (!target.rangeKey().get().matchesType(operand)) {
                    throw DynamoDbError.validation("One or more parameter values were invalid: Condition parameter "
                            + "type does not match schema type");
                }
            }
        }
        byte[] partition = KeyCodec.partitionPrefix(keyCondition.partitionValue());
        byte[][] range = sortRange(partition, sort);
        boolean forward = !Boolean.FALSE.equals(req.bool("ScanIndexForward"));
        byte[] exclusiveStart = null;
        if (startKey != null) {
            Item start = validStartKey(target, startKey);
            if (!start.get(target.hashKey().name()).equals(keyCondition.partitionValue())) {
                throw DynamoDbError.validation(
                        "The provided starting key is outside query boundaries based on provided conditions");
            }
            if (sort.isPresent() && !ExpressionInput.guard(
                    () -> sort.get().matches(start.get(target.rangeKey().get().name())))) {
                throw DynamoDbError.validation("The provided starting key does not match the range key predicate");
            }
            exclusiveStart = target.storedKey(start);
        }
        NavigableMap<byte[], ?> view = view(target.map(), range[0], range[1], exclusiveStart, forward);
        Long limit = req.integer("Limit");
        respond(out, req, target, view, filter, projection, select, limit, Boolean.TRUE.equals(req.bool("ConsistentRead")));
    }

    /** [from inclusive, to exclusive (null = unbounded)] of the entries that satisfy the key condition. */
    private static byte[][] sortRange(byte[] partition, Optional<SortKeyCondition> sort) {
        byte[] end = KeyCodec.prefixEnd(partition);
        if (sort.isEmpty()) {
            return new byte[][] {partition, end};
        }
        SortKeyCondition c = sort.get();
        List<AttributeValue> ops = c.operands();
        byte[] first = KeyCodec.concat(partition, KeyCodec.sortComponent(ops.get(0)));
        switch (c.operator()) {
            case EQ:
                return new byte[][] {first, KeyCodec.prefixEnd(first)};
            case LT:
                return new byte[][] {partition, first};
            case LE:
                return new byte[][] {partition, KeyCodec.prefixEnd(first)};
            case GT:
                return new byte[][] {KeyCodec.prefixEnd(first), end};
            case GE:
                return new byte[][] {first, end};
            case BETWEEN: {
                byte[] upper = KeyCodec.concat(partition, KeyCodec.sortComponent(ops.get(1)));
                return new byte[][] {first, KeyCodec.prefixEnd(upper)};
            }
            case BEGINS_WITH: {
                byte[] p = KeyCodec.concat(partition, KeyCodec.sortPrefixComponent(ops.get(0)));
                return new byte[][] {p, KeyCodec.prefixEnd(p)};
            }
            default:
                throw new IllegalStateException(c.operator().toString());
        }
    }

    private static <V> NavigableMap<byte[], V> view(ConcurrentSkipListMap<byte[], V> map, byte[] from,
            byte[] to, byte[] exclusiveStart, boolean forward) {
        boolean fromInclusive = true;
        boolean toInclusive = false;
        if (exclusiveStart != null) {
            if (forward && KeyCodec.compare(exclusiveStart, from) >= 0) {
                from = exclusiveStart;
                fromInclusive = false;
            } else if (!forward && (to == null || KeyCodec.compare(exclusiveStart, to) < 0)) {
                to = exclusiveStart;
            }
        }
        if (to != null && KeyCodec.compare(from, to) >= 0) {
            return new ConcurrentSkipListMap<byte[], V>(KeyCodec::compare);
        }
        NavigableMap<byte[], V> view = to == null ? map.tailMap(from, fromInclusive)
                : map.subMap(from, fromInclusive, to, toInclusive);
        return forward ? view : view.descendingMap();
    }

    // ---- Scan ----

    void scan(Request req, JsonGenerator out) throws IOException {
        Violations v = new Violations();
        checkCommon(v, req);
        Long segment = req.integer("Segment");
        Long totalSegments = req.integer("TotalSegments");
        if (segment != null) {
            v.range(segment, "segment", 0, 999999);
        }
        if (totalSegments != null) {
            v.range(totalSegments, "totalSegments", 1, 1000000);
        }
        v.throwIfAny();
        ExpressionInput expressions = ExpressionInput.of(req, List.of("ProjectionExpression", "FilterExpression"),
                List.of("AttributesToGet", "ScanFilter", "ConditionalOperator"));
        if (segment != null && totalSegments == null) {
            throw DynamoDbError.validation("The TotalSegments parameter is required but was not present in the request "
                    + "when Segment parameter is present");
        }
        if (totalSegments != null && segment == null) {
            throw DynamoDbError.validation("The Segment parameter is required but was not present in the request when "
                    + "parameter TotalSegments is present");
        }
        if (segment != null && segment >= totalSegments) {
            throw DynamoDbError.validation("The Segment parameter is zero-based and must be less than parameter "
                    + "TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + totalSegments);
        }
        String select = req.string("Select");
        checkSelect(select, req);
        Map<String, AttributeValue> startKey = readStartKey(req);
        // The expressions, their names and values are refused before the table is looked up.
        Condition filter = expressions.condition(expressions.text("FilterExpression"), "FilterExpression");
        Projection projection = expressions.projection(expressions.text("ProjectionExpression"));
        expressions.verifyAllUsed();
        ReadTarget target = target(req.string("TableName"), req.string("IndexName"), select,
                Boolean.TRUE.equals(req.bool("ConsistentRead")));
        byte[] from = new byte[0];
        byte[] to = null;
        if (segment != null) {
            // Segments split the 32-bit partition hash space that leads every stored key.
            long lower = (segment << 32) / totalSegments;
            long upper = ((segment + 1) << 32) / totalSegments;
            from = hashBytes(lower);
            to = upper >= (1L << 32) ? null : hashBytes(upper);
        }
        byte[] exclusiveStart = startKey == null ? null : target.storedKey(validStartKey(target, startKey));
        if (segment != null && exclusiveStart != null) {
            // A parallel scan continues only inside its own segment.
            long keyHash = ((exclusiveStart[0] & 0xffL) << 24) | ((exclusiveStart[1] & 0xffL) << 16)
                    | ((exclusiveStart[2] & 0xffL) << 8) | (exclusiveStart[3] & 0xffL);
            long keySegment = (keyHash * totalSegments) >>> 32;
            while (keySegment + 1 < totalSegments && (((keySegment + 1) << 32) / totalSegments) <= keyHash) {
                keySegment++; // the segment bounds above round down; find the one holding keyHash
            }
            while (keySegment > 0 && ((keySegment << 32) / totalSegments) > keyHash) {
                keySegment--;
            }
            if (keySegment != segment) {
                throw DynamoDbError.validation("The provided starting key is invalid: Invalid ExclusiveStartKey. "
                        + "Please use ExclusiveStartKey with correct Segment. TotalSegments: " + totalSegments
                        + " Segment: " + keySegment);
            }
        }
        NavigableMap<byte[], ?> view = view(target.map(), from, to, exclusiveStart, true);
        respond(out, req, target, view, filter, projection, select, req.integer("Limit"),
                Boolean.TRUE.equals(req.bool("ConsistentRead")));
    }

    private static byte[] hashBytes(long h) {
        return new byte[] {(byte) (h >>> 24), (byte) (h >>> 16), (byte) (h >>> 8), (byte) h};
    }

    // ---- shared ----

    private static Map<String, AttributeValue> readStartKey(Request req) {
        try {
            return req.valueMap("ExclusiveStartKey");
        } catch (DynamoDbError e) {
            if (e.type().endsWith("#ValidationException") && !e.getMessage().contains("numeric")
                    && !e.getMessage().contains("Number")) {
                throw DynamoDbError.validation("The provided starting key is invalid: " + e.getMessage());
            }
            throw e;
        }
    }

    /** ExclusiveStartKey must hold exactly the table's key and, for an index, the index's key. */
    private static Item validStartKey(ReadTarget target, Map<String, AttributeValue> key) {
        TableSchema s = target.schema();
        List<KeyAttribute> needed = new ArrayList<>();
        needed.add(s.hashKey());
        s.rangeKey().ifPresent(needed::add);
        if (target.index().isPresent()) {
            IndexSchema i = target.index().get();
            if (!needed.contains(i.hashKey())) {
                needed.add(i.hashKey());
            }
            i.rangeKey().filter(r -> !needed.contains(r)).ifPresent(needed::add);
        }
        if (key.size() != needed.size()) {
            throw DynamoDbError.validation("The provided starting key is invalid: The provided key element does not "
                    + "match the schema");
        }
        for (KeyAttribute k : needed) {
            AttributeValue v = key.get(k.name());
            if (!k.matchesType(v)) {
                throw DynamoDbError.validation("The provided starting key is invalid: The provided key element does "
                        + "not match the schema");
            }
        }
        return new Item(key);
    }

    private void respond(JsonGenerator out, Request req, ReadTarget target, NavigableMap<byte[], ?> view,
            Condition filter, Projection projection, String select, Long limit, boolean consistent) throws IOException {
        boolean countOnly = "COUNT".equals(select);
        List<String> attributesToGet = req.strings("AttributesToGet");
        int scanned = 0;
        int matched = 0;
        int bytes = 0;
        byte[] lastBytes = null;
        boolean more = false;
        // Items returned as stored are copied from their encoding to JSON without building objects.
        boolean raw = filter == null && projection == null && attributesToGet == null
                && !reshapesForIndex(target, select);
        out.writeStartObject();
        if (!countOnly) {
            out.writeArrayFieldStart("Items");
        }
        for (Map.Entry<byte[], ?> entry : view.entrySet()) {
            if ((limit != null && scanned >= limit) || bytes >= PAGE_BYTES) {
                more = true;
                break;
            }
            byte[] encoded = target.itemBytes(entry);
            if (encoded == null) {
                continue;
            }
            scanned++;
            bytes += encoded.length;
            lastBytes = encoded;
            if (raw) {
                matched++;
                if (!countOnly) {
                    ItemCodec.writeJson(encoded, out);
                }
                continue;
            }
            Item item = ItemCodec.decode(encoded);
            if (filter != null && !ExpressionInput.guard(() -> filter.test(item))) {
                continue;
            }
            matched++;
            if (!countOnly) {
                AttributeValueJson.writeItem(out, shape(target, item, projection, attributesToGet, select));
            }
        }
        Item last = lastBytes == null ? null : ItemCodec.decode(lastBytes);
        if (!countOnly) {
            out.writeEndArray();
        }
        out.writeNumberField("Count", matched);
        out.writeNumberField("ScannedCount", scanned);
        if (more && last != null) {
            out.writeFieldName("LastEvaluatedKey");
            AttributeValueJson.writeItem(out, evaluatedKey(target, last));
        }
        String capacity = req.string("ReturnConsumedCapacity");
        double units = Capacity.readUnits(bytes, consistent);
        Capacity.write(out, capacity, target.schema().name(), target.index()
                .map(i -> Capacity.Consumed.ofIndex(i, units)).orElse(Capacity.Consumed.ofTable(units)));
        out.writeEndObject();
    }

    /** Whether items read through the target must be cut down to an index's projection. */
    private static boolean reshapesForIndex(ReadTarget target, String select) {
        if (target.index().isEmpty()) {
            return false;
        }
        IndexSchema index = target.index().get();
        boolean fetchFromTable = !index.global() && "ALL_ATTRIBUTES".equals(select);
        return index.projectionType() != IndexSchema.ProjectionType.ALL && !fetchFromTable;
    }

    /** What an index holds of an item: the table and index keys, plus the projected attributes. */
    private static Item shape(ReadTarget target, Item item, Projection projection, List<String> attributesToGet,
            String select) {
        Item visible = item;
        if (target.index().isPresent()) {
            IndexSchema index = target.index().get();
            boolean fetchFromTable = !index.global() && "ALL_ATTRIBUTES".equals(select);
            boolean fetchForProjection = !index.global() && (projection != null || attributesToGet != null);
            if (index.projectionType() != IndexSchema.ProjectionType.ALL && !fetchFromTable && !fetchForProjection) {
                visible = indexProjection(target.schema(), index, item);
            }
        }
        return ItemOperations.project(visible, projection, attributesToGet);
    }

    private static Item indexProjection(TableSchema schema, IndexSchema index, Item item) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeValue> e : item.attributes().entrySet()) {
            String name = e.getKey();
            if (schema.isKeyAttribute(name) || index.hashKey().name().equals(name)
                    || index.rangeKey().map(r -> r.name().equals(name)).orElse(false)
                    || index.nonKeyAttributes().contains(name)) {
                out.put(name, e.getValue());
            }
        }
        return new Item(out);
    }

    private static Item evaluatedKey(ReadTarget target, Item item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        TableSchema s = target.schema();
        key.put(s.hashKey().name(), item.get(s.hashKey().name()));
        s.rangeKey().ifPresent(r -> key.put(r.name(), item.get(r.name())));
        target.index().ifPresent(i -> {
            key.put(i.hashKey().name(), item.get(i.hashKey().name()));
            i.rangeKey().ifPresent(r -> key.put(r.name(), item.get(r.name())));
        });
        return new Item(key);
    }
}
