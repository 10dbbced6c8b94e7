package dev.sagastack.local.dynamodb.api;

import dev.sagastack.local.dynamodb.engine.DynamoDbError;
import dev.sagastack.local.dynamodb.engine.Table;
import dev.sagastack.local.dynamodb.engine.TableSchema;
import dev.sagastack.local.dynamodb.expression.Condition;
import dev.sagastack.local.dynamodb.expression.Update;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One validated single-item write (Put, Update, Delete or ConditionCheck) with its parsed
 * expressions, ready to run under the item's lock. Used by the item operations, BatchWriteItem and
 * TransactWriteItems, so all three apply the same rules.
 */
final class PreparedWrite {

    enum Kind { PUT, UPDATE, DELETE, CHECK }

    /** The outcome of evaluating the write against the current item. */
    record Outcome(Item oldItem, Item newItem) {
    }

    /** The condition did not hold; carries the current item for ReturnValuesOnConditionCheckFailure. */
    static final class ConditionFailed extends RuntimeException {
        final Item oldItem;

        ConditionFailed(Item oldItem) {
            super(null, null, false, false);
            this.oldItem = oldItem;
        }
    }

    final Table table;
    final byte[] primaryKey;
    final Kind kind;
    final Item putItem;
    final Map<String, AttributeValue> key;
    final Update update;
    final Condition condition;
    final boolean returnOldOnFailure;

    PreparedWrite(Table table, Kind kind, Item putItem, Map<String, AttributeValue> key, Update update,
            Condition condition, boolean returnOldOnFailure) {
        this.table = table;
        this.kind = kind;
        this.putItem = putItem;
        this.key = key;
        this.update = update;
        this.condition = condition;
        this.returnOldOnFailure = returnOldOnFailure;
        TableSchema schema = table.schema();
        if (kind == Kind.PUT) {
            ItemRules.validateItem(schema, putItem);
            this.primaryKey = table.primaryKey(putItem.attributes());
        } else {
            ItemRules.validateKey(schema, key);
            this.primaryKey = table.primaryKey(key);
        }
        if (update != null) {
            for (String attribute : update.topLevelAttributes()) {
                if (schema.isKeyAttribute(attribute)) {
                    throw DynamoDbError.validation("One or more parameter values were invalid: Cannot update attribute "
                            + attribute + ". This attribute is part of the key");
                }
            }
        }
    }

    /** The key attributes of the target item, in the table's key order. */
    Item keyItem() {
        if (kind == Kind.PUT) {
            return table.keyOf(putItem);
        }
        TableSchema s = table.schema();
        Map<String, AttributeValue> k = new LinkedHashMap<>();
        k.put(s.hashKey().name(), key.get(s.hashKey().name()));
        s.rangeKey().ifPresent(r -> k.put(r.name(), key.get(r.name())));
        return new Item(k);
    }

    /**
     * Evaluates the condition and computes the new item; the caller holds the item's lock.
     *
     * @throws ConditionFailed when the condition does not hold
     * @throws DynamoDbError when the update cannot be applied to this item
     */
    Outcome evaluate() {
        Item old = table.get(primaryKey).orElse(null);
        if (condition != null) {
            boolean ok = ExpressionInput.guard(() -> condition.test(old == null ? Item.EMPTY : old));
            if (!ok) {
                throw new ConditionFailed(old);
            }
        }
        switch (kind) {
            case PUT:
                return new Outcome(old, putItem);
            case DELETE:
                return new Outcome(old, null);
            case CHECK:
                return new Outcome(old, old);
            default:
                Item base = old != null ? old : keyItem();
                Item updated = update == null ? base : ExpressionInput.guard(() -> update.apply(base));
                if (old == null && update != null && update.onlyRemoves()) {
                    // Removing from an item that does not exist leaves it not existing (no key-only item).
                    return new Outcome(null, null);
                }
                ItemRules.validateUpdatedItem(table.schema(), updated);
                if (update != null) {
                    ItemRules.checkUpdatedDepth(updated, update.topLevelAttributes());
                }
                return new Outcome(old, updated);
        }
    }

    /** Stores the outcome; the caller still holds the item's lock. */
    void apply(Outcome outcome, long nowMillis) {
        if (kind == Kind.CHECK) {
            return;
        }
        if ((kind == Kind.DELETE || kind == Kind.UPDATE) && outcome.oldItem() == null && outcome.newItem() == null) {
            return;
        }
        table.write(primaryKey, outcome.oldItem(), outcome.newItem(), nowMillis, false);
    }

    Optional<Item> failureItem(ConditionFailed f) {
        return returnOldOnFailure ? Optional.ofNullable(f.oldItem) : Optional.empty();
    }
}
