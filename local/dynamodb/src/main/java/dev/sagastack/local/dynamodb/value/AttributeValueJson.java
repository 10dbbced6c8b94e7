package dev.sagastack.local.dynamodb.value;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes attribute values in DynamoDB's wire JSON ({"S":"x"}, {"N":"1"}, {"B":"base64"},
 * ...). Reading enforces the type rules of the wire format and throws {@link InvalidValueException}
 * with DynamoDB's wording; it does not check the emptiness rules that depend on where a value is
 * used (keys, sets), which the caller applies.
 */
public final class AttributeValueJson {

    private AttributeValueJson() {
    }

    public static Item readItem(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidValueException("Item must be a map of attribute names to values");
        }
        Map<String, AttributeValue> attributes = new LinkedHashMap<>(node.size() < 3 ? 4 : (int) (node.size() / 0.75f) + 1);
        Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            attributes.put(field.getKey(), read(field.getValue()));
        }
        return Item.adopt(attributes);
    }

    /** A set's elements as DynamoDB lists them in messages: "[a, b]". */
    private static String listed(JsonNode elements) {
        StringBuilder b = new StringBuilder("[");
        for (JsonNode e : elements) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append(e.asText());
        }
        return b.append(']').toString();
    }

    public static AttributeValue read(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new InvalidValueException(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        Map.Entry<String, JsonNode> only = node.properties().iterator().next();
        String type = only.getKey();
        JsonNode v = only.getValue();
        switch (type) {
            case "S":
                requireText(v, type);
                return new AttributeValue.S(v.asText());
            case "N":
                requireText(v, type);
                return new AttributeValue.N(Numbers.parse(v.asText()));
            case "B":
                requireText(v, type);
                return new AttributeValue.B(ByteBuffer.wrap(decode(v.asText())));
            case "BOOL":
                if (!v.isBoolean()) {
                    throw WireTypeException.of(v, "Boolean");
                }
                return v.booleanValue() ? AttributeValue.Bool.TRUE : AttributeValue.Bool.FALSE;
            case "NULL":
                if (!v.isBoolean()) {
                    throw WireTypeException.of(v, "Boolean");
                }
                if (!v.booleanValue()) {
                    throw new InvalidValueException("Null attribute value types must have the value of true");
                }
                return AttributeValue.Null.INSTANCE;
            case "M": {
                if (!v.isObject()) {
                    throw WireTypeException.of(v, "Map");
                }
                Map<String, AttributeValue> map = new LinkedHashMap<>(v.size() < 3 ? 4 : (int) (v.size() / 0.75f) + 1);
                Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    map.put(e.getKey(), read(e.getValue()));
                }
                return new AttributeValue.M(map);
            }
            case "L": {
                if (!v.isArray()) {
                    throw WireTypeException.of(v, "List");
                }
                List<AttributeValue> list = new ArrayList<>(v.size());
                for (JsonNode element : v) {
                    list.add(read(element));
                }
                return new AttributeValue.L(list);
            }
            case "SS": {
                requireArray(v, type);
                LinkedHashSet<String> set = new LinkedHashSet<>();
                for (JsonNode element : v) {
                    requireText(element, type);
                    if (!set.add(element.asText())) {
                        throw new InvalidValueException("Input collection " + listed(v) + " contains duplicates.");
                    }
                }
                return new AttributeValue.SS(set);
            }
            case "NS": {
                requireArray(v, type);
                LinkedHashSet<BigDecimal> set = new LinkedHashSet<>();
                for (JsonNode element : v) {
                    requireText(element, type);
                    if (!set.add(Numbers.parse(element.asText()))) {
                        throw new InvalidValueException("Input collection " + listed(v) + " contains duplicates.");
                    }
                }
                return new AttributeValue.NS(set);
            }
            case "BS": {
                requireArray(v, type);
                LinkedHashSet<ByteBuffer> set = new LinkedHashSet<>();
                for (JsonNode element : v) {
                    requireText(element, type);
                    if (!set.add(ByteBuffer.wrap(decode(element.asText())))) {
                        throw new InvalidValueException("Input collection " + listed(v) + "of type BS contains duplicates.");
                    }
                }
                return new AttributeValue.BS(set);
            }
            default:
                throw new InvalidValueException(
                        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
    }

    public static void writeItem(JsonGenerator out, Item item) throws IOException {
        writeMap(out, item.attributes());
    }

    public static void writeMap(JsonGenerator out, Map<String, AttributeValue> attributes) throws IOException {
        out.writeStartObject();
        for (Map.Entry<String, AttributeValue> e : attributes.entrySet()) {
            out.writeFieldName(e.getKey());
            write(out, e.getValue());
        }
        out.writeEndObject();
    }

    public static void write(JsonGenerator out, AttributeValue value) throws IOException {
        out.writeStartObject();
        out.writeFieldName(value.type().name());
        switch (value.type()) {
            case S -> out.writeString(((AttributeValue.S) value).value());
            // N values are canonical already (trailing zeros stripped by the record), so plain text suffices.
            case N -> out.writeString(((AttributeValue.N) value).value().toPlainString());
            case B -> out.writeString(Base64.getEncoder().encodeToString(((AttributeValue.B) value).bytes()));
            case BOOL -> out.writeBoolean(((AttributeValue.Bool) value).value());
            case NULL -> out.writeBoolean(true);
            case M -> writeMap(out, ((AttributeValue.M) value).value());
            case L -> {
                out.writeStartArray();
                for (AttributeValue element : ((AttributeValue.L) value).value()) {
                    write(out, element);
                }
                out.writeEndArray();
            }
            case SS -> {
                out.writeStartArray();
                for (String element : ((AttributeValue.SS) value).value()) {
                    out.writeString(element);
                }
                out.writeEndArray();
            }
            case NS -> {
                out.writeStartArray();
                for (BigDecimal element : ((AttributeValue.NS) value).value()) {
                    out.writeString(Numbers.format(element));
                }
                out.writeEndArray();
            }
            case BS -> {
                out.writeStartArray();
                for (byte[] element : ((AttributeValue.BS) value).bytes()) {
                    out.writeString(Base64.getEncoder().encodeToString(element));
                }
                out.writeEndArray();
            }
        }
        out.writeEndObject();
    }

    private static void requireText(JsonNode v, String type) {
        if (!v.isTextual()) {
            throw WireTypeException.of(v, "String");
        }
    }

    private static void requireArray(JsonNode v, String type) {
        if (!v.isArray()) {
            throw WireTypeException.of(v, "List");
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("Invalid base64 in binary attribute value");
        }
    }

    /** A value that is not valid DynamoDB wire JSON; the message is suitable for a ValidationException. */
    public static final class InvalidValueException extends RuntimeException {
        public InvalidValueException(String message) {
            super(message);
        }
    }

    /**
     * JSON of the wrong type for a member ({"N": 12}, {"BOOL": "yes"}, {"L": {}}): DynamoDB's request parser
     * refuses it before validation, so it is a SerializationException, with the parser's wording.
     */
    public static final class WireTypeException extends RuntimeException {
        public WireTypeException(String message) {
            super(message);
        }

        static WireTypeException of(JsonNode v, String target) {
            return new WireTypeException(switch (v.getNodeType()) {
                case OBJECT -> "Start of structure or map found where not expected";
                case ARRAY -> target.equals("String") || target.equals("Boolean")
                        ? "Unrecognized collection type class java.lang." + target : "Unexpected field type";
                case BOOLEAN -> target.equals("String") || target.equals("Boolean")
                        ? (v.booleanValue() ? "TRUE_VALUE" : "FALSE_VALUE") + " cannot be converted to " + target
                        : "Unexpected field type";
                case NUMBER -> target.equals("String") || target.equals("Boolean")
                        ? (v.isIntegralNumber() ? "NUMBER_VALUE" : "DECIMAL_VALUE") + " cannot be converted to " + target
                        : "Unexpected field type";
                case STRING -> target.equals("Boolean") ? "Unexpected token received from parser" : "Unexpected field type";
                default -> "Unexpected value type in payload";
            });
        }
    }
}
