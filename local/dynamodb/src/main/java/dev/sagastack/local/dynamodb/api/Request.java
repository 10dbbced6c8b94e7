package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.sagastack.local.dynamodb.engine.DynamoDbError;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.AttributeValueJson;
import dev.sagastack.local.dynamodb.value.Item;
import dev.sagastack.local.dynamodb.value.Numbers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed access to a request's JSON members. A member of the wrong JSON type is a
 * SerializationException (as DynamoDB's deserializer reports it); absent and null members read as
 * null.
 */
final class Request {

    private final JsonNode node;

    Request(JsonNode node) {
        this.node = node;
    }

    JsonNode node() {
        return node;
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    Request object(String field) {
        JsonNode v = member(field);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw v.isArray() ? DynamoDbError.serialization("Unrecognized collection type class " + field)
                    : DynamoDbError.serialization("Unexpected field type");
        }
        return new Request(v);
    }

    List<Request> objects(String field) {
        JsonNode v = array(field);
        if (v == null) {
            return null;
        }
        List<Request> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (e.isNull()) {
                out.add(null);
                continue;
            }
            if (!e.isObject()) {
                throw DynamoDbError.serialization("Unexpected value type in payload");
            }
            out.add(new Request(e));
        }
        return out;
    }

    JsonNode array(String field) {
        JsonNode v = member(field);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw v.isObject() ? DynamoDbError.serialization("Start of structure or map found where not expected")
                    : DynamoDbError.serialization("Unexpected field type");
        }
        return v;
    }

    List<String> strings(String field) {
        JsonNode v = array(field);
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            out.add(asString(e));
        }
        return out;
    }

    String string(String field) {
        JsonNode v = member(field);
        return v == null ? null : asString(v);
    }

    static String asString(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        switch (v.getNodeType()) {
            case STRING:
                return v.textValue();
            case BOOLEAN:
                throw DynamoDbError.serialization((v.booleanValue() ? "TRUE_VALUE" : "FALSE_VALUE")
                        + " cannot be converted to String");
            case NUMBER:
                throw DynamoDbError.serialization((v.isIntegralNumber() ? "NUMBER_VALUE" : "DECIMAL_VALUE")
                        + " cannot be converted to String");
            case ARRAY:
                throw DynamoDbError.serialization("Unrecognized collection type class java.lang.String");
            default:
                throw DynamoDbError.serialization("Start of structure or map found where not expected");
        }
    }

    Boolean bool(String field) {
        JsonNode v = member(field);
        if (v == null) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual()) {
            String t = v.textValue().toUpperCase();
            if (t.equals("TRUE") || t.equals("1") || t.equals("YES")) {
                return true;
            }
            if (t.equals("FALSE") || t.equals("0") || t.equals("NO")) {
                return false;
            }
            throw DynamoDbError.serialization("Unexpected token received from parser");
        }
        if (v.isNumber()) {
            throw DynamoDbError.serialization((v.isIntegralNumber() ? "NUMBER_VALUE" : "DECIMAL_VALUE")
                    + " cannot be converted to Boolean");
        }
        throw DynamoDbError.serialization("Start of structure or map found where not expected");
    }

    Long integer(String field) {
        JsonNode v = member(field);
        if (v == null) {
            return null;
        }
        if (v.isNumber()) {
            return (long) Math.floor(v.doubleValue());
        }
        if (v.isTextual()) {
            throw DynamoDbError.serialization("STRING_VALUE cannot be converted to Long");
        }
        if (v.isBoolean()) {
            throw DynamoDbError.serialization((v.booleanValue() ? "TRUE_VALUE" : "FALSE_VALUE")
                    + " cannot be converted to Long");
        }
        throw DynamoDbError.serialization("Start of structure or map found where not expected");
    }

    Map<String, String> stringMap(String field) {
        JsonNode v = member(field);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw DynamoDbError.serialization("Unexpected field type");
        }
        Map<String, String> out = new LinkedHashMap<>(capacityFor(v.size()));
        Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), asString(e.getValue()));
        }
        return out;
    }

    /** A map of attribute values (Item, Key, ExpressionAttributeValues...), validated as item content. */
    Map<String, AttributeValue> valueMap(String field) {
        JsonNode v = member(field);
        if (v == null) {
            return null;
        }
        return readValueMap(v);
    }

    static Map<String, AttributeValue> readValueMap(JsonNode v) {
        if (!v.isObject()) {
            throw DynamoDbError.serialization("Unexpected field type");
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>(capacityFor(v.size()));
        Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), readValue(e.getValue()));
        }
        return out;
    }

    static AttributeValue readValue(JsonNode v) {
        if (v == null || !v.isObject()) {
            throw v != null && v.getNodeType() == JsonNodeType.ARRAY
                    ? DynamoDbError.serialization(
                            "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue")
                    : DynamoDbError.serialization("Unexpected value type in payload");
        }
        if (v.size() == 0) {
            throw DynamoDbError.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        AttributeValue value;
        try {
            value = AttributeValueJson.read(v);
        } catch (AttributeValueJson.InvalidValueException e) {
            String m = e.getMessage();
            if (m.startsWith("Null attribute") || m.startsWith("Input collection")) {
                m = "One or more parameter values were invalid: " + m;
            }
            throw DynamoDbError.validation(m);
        } catch (AttributeValueJson.WireTypeException e) {
            throw DynamoDbError.serialization(e.getMessage());
        } catch (Numbers.NumberRuleException e) {
            throw DynamoDbError.validation(e.getMessage());
        }
        checkNotEmptySets(value, 1);
        return value;
    }

    /**
     * DynamoDB's document nesting limit: 32 levels, a scalar inside 31 maps or lists (Developer
     * Guide, "Constraints", Attributes: nested attribute depth).
     */
    static final int MAX_DOCUMENT_DEPTH = 32;

    /** Empty sets anywhere in the value, and the nesting depth; one pass over the value does both. */
    private static void checkNotEmptySets(AttributeValue value, int depth) {
        if (depth > MAX_DOCUMENT_DEPTH) {
            throw DynamoDbError.validation(
                    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit");
        }
        switch (value.type()) {
            case SS:
                if (((AttributeValue.SS) value).value().isEmpty()) {
                    throw DynamoDbError.validation("One or more parameter values were invalid: An string set  may not be empty");
                }
                break;
            case NS:
                if (((AttributeValue.NS) value).value().isEmpty()) {
                    throw DynamoDbError.validation("One or more parameter values were invalid: An number set  may not be empty");
                }
                break;
            case BS:
                if (((AttributeValue.BS) value).value().isEmpty()) {
                    throw DynamoDbError.validation("One or more parameter values were invalid: Binary sets should not be empty");
                }
                break;
            case M:
                for (AttributeValue e : ((AttributeValue.M) value).value().values()) {
                    checkNotEmptySets(e, depth + 1);
                }
                break;
            case L:
                for (AttributeValue e : ((AttributeValue.L) value).value()) {
                    checkNotEmptySets(e, depth + 1);
                }
                break;
            default:
                break;
        }
    }

    Item item(String field) {
        Map<String, AttributeValue> m = valueMap(field);
        return m == null ? null : Item.adopt(m); // readValueMap built m for this call only
    }

    /** A hash map capacity that holds {@code entries} without resizing. */
    static int capacityFor(int entries) {
        return entries < 3 ? 4 : (int) (entries / 0.75f) + 1;
    }

    private JsonNode member(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }
}
