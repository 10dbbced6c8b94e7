package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.DynamoDbError;
import dev.sagastack.local.dynamodb.engine.ItemCodec;
import dev.sagastack.local.dynamodb.engine.ItemSize;
import dev.sagastack.local.dynamodb.engine.Table;
import dev.sagastack.local.dynamodb.expression.Condition;
import dev.sagastack.local.dynamodb.expression.Projection;
import dev.sagastack.local.dynamodb.expression.Update;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.AttributeValueJson;
import dev.sagastack.local.dynamodb.value.Item;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** PutItem, GetItem, UpdateItem, DeleteItem. */
final class ItemOperations {

    private final Database db;

    ItemOperations(Database db) {
        this.db = db;
    }

    void putItem(Request req, JsonGenerator out) throws IOException {
        putOrDelete(req, out, PreparedWrite.Kind.PUT);
    }

    void deleteItem(Request req, JsonGenerator out) throws IOException {
        putOrDelete(req, out, PreparedWrite.Kind.DELETE);
    }

    /** PutItem and DeleteItem differ only in whether they carry the whole item or its key. */
    private void putOrDelete(Request req, JsonGenerator out, PreparedWrite.Kind kind) throws IOException {
        boolean put = kind == PreparedWrite.Kind.PUT;
        String tableName = req.string("TableName");
        Violations v = new Violations();
        v.tableName(tableName, "tableName", true);
        Item item = null;
        Map<String, AttributeValue> key = null;
        if (put) {
            item = req.item("Item");
            v.notNull(item, "item");
        } else {
            key = req.valueMap("Key");
            v.notNull(key, "key");
        }
        String returnValues = req.string("ReturnValues");
        v.oneOf(returnValues, "returnValues", "NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");
        String metrics = req.string(ItemCollectionMetrics.PARAMETER);
        ItemCollectionMetrics.checkParameter(v, metrics);
        String onFailure = req.string("ReturnValuesOnConditionCheckFailure");
        v.oneOf(onFailure, "returnValuesOnConditionCheckFailure", "ALL_OLD", "NONE");
        String capacity = req.string("ReturnConsumedCapacity");
        Capacity.checkParameter(v, capacity);
        v.throwIfAny();
        ExpressionInput expressions = ExpressionInput.of(req, List.of("ConditionExpression"),
                List.of("Expected", "ConditionalOperator"));
        if (returnValues != null && !returnValues.equals("ALL_OLD") && !returnValues.equals("NONE")) {
            throw DynamoDbError.validation("ReturnValues can only be ALL_OLD or NONE");
        }
        // What the request alone shows is refused before the table is looked up (a missing table is the
        // later error): the item's size, the expressions and their names and values.
        if (put && ItemSize.of(item) > ItemSize.MAX_ITEM_SIZE) {
            throw DynamoDbError.validation("Item size has exceeded the maximum allowed size");
        }
        Condition condition = expressions.condition(expressions.text("ConditionExpression"), "ConditionExpression");
        expressions.verifyAllUsed();
        Table table = db.table(tableName);
        PreparedWrite write = new PreparedWrite(table, kind, item, key, null, condition, "ALL_OLD".equals(onFailure));
        PreparedWrite.Outcome outcome = execute(write);
        out.writeStartObject();
        if ("ALL_OLD".equals(returnValues) && outcome.oldItem() != null) {
            out.writeFieldName("Attributes");
            AttributeValueJson.writeItem(out, outcome.oldItem());
        }
        if (Capacity.requested(capacity)) { // sizing both items costs a pass over each
            Capacity.write(out, capacity, tableName,
                    Capacity.ofWrite(table.schema(), outcome.oldItem(), put ? outcome.newItem() : null, 1));
        }
        if (ItemCollectionMetrics.requested(metrics)) {
            ItemCollectionMetrics.writeSingle(out, write);
        }
        out.writeEndObject();
    }

    void updateItem(Request req, JsonGenerator out) throws IOException {
        String tableName = req.string("TableName");
        Violations v = new Violations();
        v.tableName(tableName, "tableName", true);
        Map<String, AttributeValue> key = req.valueMap("Key");
        v.notNull(key, "key");
        String returnValues = req.string("ReturnValues");
        v.oneOf(returnValues, "returnValues", "NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");
        String metrics = req.string(ItemCollectionMetrics.PARAMETER);
        ItemCollectionMetrics.checkParameter(v, metrics);
        String onFailure = req.string("ReturnValuesOnConditionCheckFailure");
        v.oneOf(onFailure, "returnValuesOnConditionCheckFailure", "ALL_OLD", "NONE");
        String capacity = req.string("ReturnConsumedCapacity");
        Capacity.checkParameter(v, capacity);
        v.throwIfAny();
        ExpressionInput expressions = ExpressionInput.of(req, List.of("UpdateExpression", "ConditionExpression"),
                List.of("AttributeUpdates", "Expected", "ConditionalOperator"));
        Update update = expressions.update(expressions.text("UpdateExpression"));
        Condition condition = expressions.condition(expressions.text("ConditionExpression"), "ConditionExpression");
        expressions.verifyAllUsed();
        Table table = db.table(tableName);
        PreparedWrite write = new PreparedWrite(table, PreparedWrite.Kind.UPDATE, null, key, update, condition,
                "ALL_OLD".equals(onFailure));
        PreparedWrite.Outcome outcome;
        try {
            outcome = execute(write);
        } catch (DynamoDbError e) {
            throw req.has("AttributeUpdates") ? LegacyParameters.attributeUpdatesError(e) : e;
        }
        out.writeStartObject();
        Item returned = returnedAttributes(returnValues, outcome, write.update);
        if (returned != null && !returned.attributes().isEmpty()) {
            out.writeFieldName("Attributes");
            AttributeValueJson.writeItem(out, returned);
        }
        if (Capacity.requested(capacity)) {
            Capacity.write(out, capacity, tableName,
                    Capacity.ofWrite(table.schema(), outcome.oldItem(), outcome.newItem(), 1));
        }
        if (ItemCollectionMetrics.requested(metrics)) {
            ItemCollectionMetrics.writeSingle(out, write);
        }
        out.writeEndObject();
    }

    private static Item returnedAttributes(String returnValues, PreparedWrite.Outcome outcome, Update update) {
        if (returnValues == null) {
            return null;
        }
        switch (returnValues) {
            case "ALL_OLD":
                return outcome.oldItem();
            case "ALL_NEW":
                return outcome.newItem();
            case "UPDATED_OLD":
                return updatedPaths(outcome.oldItem(), update);
            case "UPDATED_NEW":
                return updatedPaths(outcome.newItem(), update);
            default:
                return null;
        }
    }

    /** Only the document paths the update wrote, nested as in the item (ReturnValues UPDATED_OLD/NEW). */
    private static Item updatedPaths(Item item, Update update) {
        if (item == null || update == null) {
            return null;
        }
        return ExpressionInput.guard(() -> update.projectUpdatedPaths(item));
    }

    /** Runs one conditional write atomically under its item's lock. */
    PreparedWrite.Outcome execute(PreparedWrite write) {
        Runnable unlock = db.lockItem(write.table, write.primaryKey);
        try {
            PreparedWrite.Outcome outcome = write.evaluate();
            write.apply(outcome, db.nowMillis());
            return outcome;
        } catch (PreparedWrite.ConditionFailed f) {
            throw DynamoDbError.conditionalCheckFailed(write.failureItem(f));
        } finally {
            unlock.run();
        }
    }

    void getItem(Request req, JsonGenerator out) throws IOException {
        String tableName = req.string("TableName");
        Violations v = new Violations();
        v.tableName(tableName, "tableName", true);
        Map<String, AttributeValue> key = req.valueMap("Key");
        v.notNull(key, "key");
        String capacity = req.string("ReturnConsumedCapacity");
        Capacity.checkParameter(v, capacity);
        Boolean consistent = req.bool("ConsistentRead");
        List<String> attributesToGet = req.strings("AttributesToGet");
        v.throwIfAny();
        ExpressionInput expressions = ExpressionInput.of(req, List.of("ProjectionExpression"),
                List.of("AttributesToGet"));
        Projection projection = expressions.projection(expressions.text("ProjectionExpression"));
        expressions.verifyAllUsed();
        Table table = db.table(tableName);
        ItemRules.validateKey(table.schema(), key);
        byte[] encoded = table.getEncoded(table.primaryKey(key));
        out.writeStartObject();
        if (encoded != null) {
            out.writeFieldName("Item");
            if (projection == null && attributesToGet == null) {
                ItemCodec.writeJson(encoded, out);
            } else {
                AttributeValueJson.writeItem(out, project(ItemCodec.decode(encoded), projection, attributesToGet));
            }
        }
        if (capacity != null && !capacity.equals("NONE")) {
            int size = encoded == null ? 0 : ItemSize.of(ItemCodec.decode(encoded));
            Capacity.write(out, capacity, tableName, Capacity.readUnits(size, Boolean.TRUE.equals(consistent)));
        }
        out.writeEndObject();
    }

    static Item project(Item item, Projection projection, List<String> attributesToGet) {
        if (projection != null) {
            return ExpressionInput.guard(() -> projection.apply(item));
        }
        if (attributesToGet != null) {
            Map<String, AttributeValue> out = new LinkedHashMap<>();
            for (String a : attributesToGet) {
                AttributeValue value = item.get(a);
                if (value != null) {
                    out.put(a, value);
                }
            }
            return new Item(out);
        }
        return item;
    }
}
