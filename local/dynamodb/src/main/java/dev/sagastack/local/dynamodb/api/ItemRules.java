package dev.sagastack.local.dynamodb.api;

import dev.sagastack.local.dynamodb.engine.DynamoDbError;
import dev.sagastack.local.dynamodb.engine.IndexSchema;
import dev.sagastack.local.dynamodb.engine.ItemSize;
import dev.sagastack.local.dynamodb.engine.KeyAttribute;
import dev.sagastack.local.dynamodb.engine.TableSchema;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;
import java.util.Map;
import java.util.Optional;

/** DynamoDB's rules for keys and items against a table's schema, with its messages. */
final class ItemRules {

    private static final String INVALID = "One or more parameter values were invalid: ";
    static final String KEY_MISMATCH = "The provided key element does not match the schema";
    static final String MISSING_KEY = "One or more parameter values were invalid: Missing the key ";
    static final String KEY_TYPE_MISMATCH = "One or more parameter values were invalid: Type mismatch for key ";

    private ItemRules() {
    }

    /** A Key parameter: exactly the table's key attributes, of the right types, within size limits. */
    static void validateKey(TableSchema schema, Map<String, AttributeValue> key) {
        validateKey(key, schema.hashKey(), schema.rangeKey());
    }

    static void validateKey(Map<String, AttributeValue> key, KeyAttribute hash, Optional<KeyAttribute> range) {
        if (key == null) {
            throw DynamoDbError.validation("1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null");
        }
        int expected = range.isPresent() ? 2 : 1;
        if (key.size() != expected) {
            throw DynamoDbError.validation(KEY_MISMATCH);
        }
        checkKeyPiece(key.get(hash.name()), hash, true);
        if (range.isPresent()) {
            checkKeyPiece(key.get(range.get().name()), range.get(), false);
        }
    }

    private static void checkKeyPiece(AttributeValue v, KeyAttribute k, boolean isHash) {
        if (v == null || v.type() != k.type()) {
            throw DynamoDbError.validation(KEY_MISMATCH);
        }
        checkKeyValue(v, k, isHash);
    }

    private static void checkKeyValue(AttributeValue v, KeyAttribute k, boolean isHash) {
        int size = keySize(v);
        if (size == 0) {
            throw DynamoDbError.validation("One or more parameter values are not valid. The AttributeValue for a key "
                    + "attribute cannot contain an empty " + (v.type() == AttributeValue.Type.S ? "string" : "binary")
                    + " value. Key: " + k.name());
        }
        if (isHash && size > 2048) {
            throw DynamoDbError.validation(INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes");
        }
        if (!isHash && size > 1024) {
            throw DynamoDbError.validation(INVALID
                    + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
        }
    }

    private static int keySize(AttributeValue v) {
        if (v instanceof AttributeValue.N) {
            return 1;
        }
        return ItemSize.of(v);
    }

    /** A whole item for PutItem: keys present and valid, index keys typed, names valid, size within 400 KB. */
    static void validateItem(TableSchema schema, Item item) {
        checkItemKey(schema, item, schema.hashKey(), true);
        if (schema.rangeKey().isPresent()) {
            checkItemKey(schema, item, schema.rangeKey().get(), false);
        }
        validateIndexKeys(schema, item);
        checkNames(item);
        if (ItemSize.of(item) > ItemSize.MAX_ITEM_SIZE) {
            throw DynamoDbError.validation("Item size has exceeded the maximum allowed size");
        }
    }

    private static void checkItemKey(TableSchema schema, Item item, KeyAttribute k, boolean isHash) {
        AttributeValue v = item.get(k.name());
        if (v == null) {
            throw DynamoDbError.validation(INVALID + "Missing the key " + k.name() + " in the item");
        }
        if (v.type() != k.type()) {
            throw DynamoDbError.validation(INVALID + "Type mismatch for key " + k.name() + " expected: " + k.type()
                    + " actual: " + v.type());
        }
        checkKeyValue(v, k, isHash);
    }

    /** Index key attributes, when present, must have the index's type and be non-empty. */
    static void validateIndexKeys(TableSchema schema, Item item) {
        for (IndexSchema index : schema.allIndexes()) {
            checkIndexKey(index, index.hashKey(), item);
            if (index.rangeKey().isPresent()) {
                checkIndexKey(index, index.rangeKey().get(), item);
            }
        }
    }

    private static void checkIndexKey(IndexSchema index, KeyAttribute k, Item item) {
        AttributeValue v = item.get(k.name());
        if (v == null) {
            return;
        }
        if (v.type() != k.type()) {
            throw DynamoDbError.validation(INVALID + "Type mismatch for Index Key " + k.name() + " Expected: " + k.type()
                    + " Actual: " + v.type() + " IndexName: " + index.name());
        }
        if (keySize(v) == 0) {
            throw DynamoDbError.validation("One or more parameter values are not valid. A value specified for a "
                    + "secondary index key is not supported. The AttributeValue for a key attribute cannot contain an "
                    + "empty " + (v.type() == AttributeValue.Type.S ? "string" : "binary") + " value. IndexName: "
                    + index.name() + ", IndexKey: " + k.name());
        }
    }

    private static void checkNames(Item item) {
        for (String name : item.attributes().keySet()) {
            if (name.isEmpty()) {
                throw DynamoDbError.validation(INVALID + "An attribute name must not be empty");
            }
            if (ItemSize.utf8Length(name) > 65535) {
                throw DynamoDbError.validation(INVALID + "Attribute name exceeds the maximum length of 65535 bytes");
            }
        }
    }

    /**
     * The attributes an update wrote must still nest at most 32 levels (Developer Guide,
     * "Constraints", nested attribute depth): a SET of a nested path can deepen a document whose
     * values were each within the limit.
     */
    static void checkUpdatedDepth(Item updated, Iterable<String> writtenAttributes) {
        for (String name : writtenAttributes) {
            AttributeValue v = updated.get(name);
            if (v != null && tooDeep(v, 1)) {
                throw DynamoDbError.validation("Nesting Levels have exceeded supported limits: Attributes in the item "
                        + "have nested levels beyond supported limit");
            }
        }
    }

    private static boolean tooDeep(AttributeValue v, int depth) {
        if (depth > Request.MAX_DOCUMENT_DEPTH) {
            return true;
        }
        if (v instanceof AttributeValue.M m) {
            for (AttributeValue e : m.value().values()) {
                if (tooDeep(e, depth + 1)) {
                    return true;
                }
            }
        } else if (v instanceof AttributeValue.L l) {
            for (AttributeValue e : l.value()) {
                if (tooDeep(e, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The item that results from an update must still fit the rules (index key types, size). */
    static void validateUpdatedItem(TableSchema schema, Item item) {
        validateIndexKeys(schema, item);
        if (ItemSize.of(item) > ItemSize.MAX_ITEM_SIZE) {
            throw DynamoDbError.validation("Item size to update has exceeded the maximum allowed size");
        }
    }
}
