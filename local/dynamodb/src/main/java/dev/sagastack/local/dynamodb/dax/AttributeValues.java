package dev.sagastack.local.dynamodb.dax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Converts attribute values between DAX's CBOR form (strings, byte strings, integers or decimal
 * fractions for numbers, tags 3321-3323 for string/number/binary sets, arrays for lists, maps for
 * maps, booleans, null) and the DynamoDB JSON form the engine speaks ({@code {"S": "..."}}).
 */
final class AttributeValues {

    static final long TAG_STRING_SET = 3321;
    static final long TAG_NUMBER_SET = 3322;
    static final long TAG_BINARY_SET = 3323;
    static final long TAG_DOCUMENT_PATH_ORDINAL = 3324;
    private static final long TAG_DECIMAL = 4;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AttributeValues() {
    }

    static ObjectNode toJson(Object cbor) throws DaxProtocolException {
        ObjectNode av = JSON.objectNode();
        if (cbor instanceof String s) {
            av.put("S", s);
        } else if (cbor instanceof byte[] b) {
            av.put("B", Base64.getEncoder().encodeToString(b));
        } else if (cbor instanceof Long || cbor instanceof BigInteger || isDecimal(cbor)) {
            av.put("N", number(cbor));
        } else if (cbor instanceof Boolean b) {
            av.put("BOOL", b);
        } else if (cbor == CborReader.NULL) {
            av.put("NULL", true);
        } else if (cbor instanceof List<?> list) {
            ArrayNode l = av.putArray("L");
            for (Object o : list) {
                l.add(toJson(o));
            }
        } else if (cbor instanceof Map<?, ?> map) {
            ObjectNode m = av.putObject("M");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new DaxProtocolException("map attribute names must be strings");
                }
                m.set(k, toJson(e.getValue()));
            }
        } else if (cbor instanceof CborReader.Tagged t && t.value() instanceof List<?> members) {
            String type = switch ((int) t.tag()) {
                case (int) TAG_STRING_SET -> "SS";
                case (int) TAG_NUMBER_SET -> "NS";
                case (int) TAG_BINARY_SET -> "BS";
                default -> throw new DaxProtocolException("unknown attribute value tag " + t.tag());
            };
            ArrayNode set = av.putArray(type);
            for (Object o : members) {
                switch (type) {
                    case "SS" -> set.add((String) o);
                    case "NS" -> set.add(number(o));
                    default -> set.add(Base64.getEncoder().encodeToString((byte[]) o));
                }
            }
        } else {
            throw new DaxProtocolException("not an attribute value: " + cbor);
        }
        return av;
    }

    private static boolean isDecimal(Object o) {
        return o instanceof CborReader.Tagged t && t.tag() == TAG_DECIMAL;
    }

    static String number(Object cbor) throws DaxProtocolException {
        if (cbor instanceof Long || cbor instanceof BigInteger) {
            return cbor.toString();
        }
        if (cbor instanceof CborReader.Tagged t && t.tag() == TAG_DECIMAL && t.value() instanceof List<?> parts
                && parts.size() == 2) {
            BigInteger mantissa = parts.get(1) instanceof Long l ? BigInteger.valueOf(l) : (BigInteger) parts.get(1);
            long exponent = (Long) parts.get(0);
            return new BigDecimal(mantissa, (int) -exponent).toString();
        }
        throw new DaxProtocolException("not a number: " + cbor);
    }

    static void write(JsonNode av, CborWriter out) {
        Iterator<Map.Entry<String, JsonNode>> fields = av.fields();
        Map.Entry<String, JsonNode> f = fields.next();
        JsonNode v = f.getValue();
        switch (f.getKey()) {
            case "S" -> out.string(v.asText());
            case "N" -> writeNumber(v.asText(), out);
            case "B" -> out.bytes(Base64.getDecoder().decode(v.asText()));
            case "BOOL" -> out.bool(v.asBoolean());
            case "NULL" -> out.nil();
            case "L" -> {
                out.arrayHeader(v.size());
                for (JsonNode e : v) {
                    write(e, out);
                }
            }
            case "M" -> {
                out.mapHeader(v.size());
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.string(e.getKey());
                    write(e.getValue(), out);
                }
            }
            case "SS" -> {
                out.tag(TAG_STRING_SET).arrayHeader(v.size());
                v.forEach(e -> out.string(e.asText()));
            }
            case "NS" -> {
                out.tag(TAG_NUMBER_SET).arrayHeader(v.size());
                v.forEach(e -> writeNumber(e.asText(), out));
            }
            case "BS" -> {
                out.tag(TAG_BINARY_SET).arrayHeader(v.size());
                v.forEach(e -> out.bytes(Base64.getDecoder().decode(e.asText())));
            }
            default -> throw new IllegalStateException("unknown attribute value type " + f.getKey());
        }
    }

    static void writeNumber(String n, CborWriter out) {
        BigDecimal d = new BigDecimal(n);
        if (n.indexOf('.') < 0 && n.indexOf('e') < 0 && n.indexOf('E') < 0) {
            out.bigInteger(d.toBigIntegerExact());
            return;
        }
        out.tag(TAG_DECIMAL).arrayHeader(2).integer(-d.scale()).bigInteger(d.unscaledValue());
    }
}
