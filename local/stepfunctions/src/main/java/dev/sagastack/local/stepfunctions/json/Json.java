package dev.sagastack.local.stepfunctions.json;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's JSON value model: plain Java objects, shared with the JSONata library so that
 * expressions run on state data without conversion.
 *
 * <ul>
 *   <li>object: {@code Map<String,Object>} (insertion ordered)</li>
 *   <li>array: {@code List<Object>}</li>
 *   <li>string, number ({@link Integer}, {@link Long}, {@link Double}, {@link BigInteger},
 *       {@link BigDecimal}), boolean</li>
 *   <li>JSON {@code null}: {@link #NULL}; a Java {@code null} means "no value" (JSONata's undefined)</li>
 * </ul>
 *
 * Values are never mutated once built; code that changes a value copies the containers on the path.
 */
public final class Json {
    /** JSON null (the same sentinel JSONata uses, so results need no conversion). */
    public static final Object NULL = Jsonata.NULL_VALUE;

    /**
     * Reading, writing and evaluating values recurse once per level, so the depth is bounded where every
     * thread's stack holds it: a request nested deeper is refused as malformed (SerializationException)
     * instead of overflowing the stack of the thread that serves it.
     */
    static final int MAX_NESTING_DEPTH = 1_000;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();

    private Json() {
    }

    /** Parses JSON text; throws {@link JsonException} with the parser's message when it is not JSON. */
    public static Object parse(String text) {
        if (text == null) {
            throw new JsonException("No content to map due to end-of-input");
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new JsonException("No content to map due to end-of-input");
            }
            Object value = read(p, t);
            if (p.nextToken() != null) {
                throw new JsonException("Unexpected trailing content at " + p.currentLocation().getColumnNr());
            }
            return value;
        } catch (IOException e) {
            throw new JsonException(e.getMessage(), e);
        }
    }

    /** True when the text parses as JSON. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (JsonException e) {
            return false;
        }
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, read(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    l.add(read(p, v));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return p.getIntValue();
                    case LONG:
                        return p.getLongValue();
                    default:
                        return p.getBigIntegerValue();
                }
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                throw new JsonException("Unexpected token " + t);
        }
    }

    /** Serializes a value compactly. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder(64);
        write(value, sb);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    public static void write(Object v, StringBuilder sb) {
        if (v == null || v == NULL) {
            sb.append("null");
        } else if (v instanceof String) {
            quote((String) v, sb);
        } else if (v instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                if (e.getValue() == null) {
                    continue; // undefined members are dropped, as in JSON.stringify
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(e.getKey(), sb);
                sb.append(':');
                write(e.getValue(), sb);
            }
            sb.append('}');
        } else if (v instanceof List) {
            sb.append('[');
            boolean first = true;
            for (Object o : (List<Object>) v) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(o, sb);
            }
            sb.append(']');
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                sb.append((long) d); // JavaScript prints integral doubles without a fraction
            } else if (Double.isNaN(d) || Double.isInfinite(d)) {
                sb.append("null");
            } else {
                sb.append(d);
            }
        } else if (v instanceof BigDecimal) {
            sb.append(((BigDecimal) v).toPlainString());
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof CharSequence) {
            quote(v.toString(), sb);
        } else {
            quote(String.valueOf(v), sb);
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    public static void quote(String s, StringBuilder sb) {
        sb.append('"');
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                case '\b':
                    sb.append("\\b");
                    break;
                case '\f':
                    sb.append("\\f");
                    break;
                default:
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    /** Pretty-prints with two-space indentation (for the command-line runner). */
    public static String writePretty(Object value) {
        StringBuilder sb = new StringBuilder();
        pretty(value, sb, 0);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void pretty(Object v, StringBuilder sb, int indent) {
        if (v instanceof Map && !((Map<?, ?>) v).isEmpty()) {
            sb.append("{\n");
            Iterator<Map.Entry<String, Object>> it = ((Map<String, Object>) v).entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Object> e = it.next();
                sb.append("  ".repeat(indent + 1));
                quote(e.getKey(), sb);
                sb.append(": ");
                pretty(e.getValue(), sb, indent + 1);
                if (it.hasNext()) {
                    sb.append(',');
                }
                sb.append('\n');
            }
            sb.append("  ".repeat(indent)).append('}');
        } else if (v instanceof List && !((List<?>) v).isEmpty()) {
            sb.append("[\n");
            Iterator<Object> it = ((List<Object>) v).iterator();
            while (it.hasNext()) {
                sb.append("  ".repeat(indent + 1));
                pretty(it.next(), sb, indent + 1);
                if (it.hasNext()) {
                    sb.append(',');
                }
                sb.append('\n');
            }
            sb.append("  ".repeat(indent)).append(']');
        } else {
            write(v, sb);
        }
    }

    /** Size of the value's serialized UTF-8 form in bytes; stops counting once over {@code limit}. */
    public static int utf8Size(String s) {
        int n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON type name AWS uses in error messages: object, array, string, number, boolean, null. */
    public static String typeName(Object v) {
        if (v == null || v == NULL) {
            return "null";
        }
        if (v instanceof Map) {
            return "object";
        }
        if (v instanceof List) {
            return "array";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Number) {
            return "number";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        return "unknown";
    }

    public static boolean isObject(Object v) {
        return v instanceof Map;
    }

    public static boolean isArray(Object v) {
        return v instanceof List;
    }

    public static boolean isNull(Object v) {
        return v == NULL;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> asObject(Object v) {
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> asArray(Object v) {
        return (List<Object>) v;
    }

    /** A new ordered object from alternating keys and values; null values are left out. */
    public static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    /** JSON equality: numbers compare by value, objects ignore member order. */
    @SuppressWarnings("unchecked")
    public static boolean jsonEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Number && b instanceof Number) {
            return compareNumbers((Number) a, (Number) b) == 0;
        }
        if (a instanceof Map && b instanceof Map) {
            Map<String, Object> ma = (Map<String, Object>) a;
            Map<String, Object> mb = (Map<String, Object>) b;
            if (ma.size() != mb.size()) {
                return false;
            }
            for (Map.Entry<String, Object> e : ma.entrySet()) {
                if (!mb.containsKey(e.getKey()) || !jsonEquals(e.getValue(), mb.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List && b instanceof List) {
            List<Object> la = (List<Object>) a;
            List<Object> lb = (List<Object>) b;
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!jsonEquals(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    public static int compareNumbers(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            if (a instanceof BigInteger || b instanceof BigInteger) {
                return toBigInteger(a).compareTo(toBigInteger(b));
            }
            return Long.compare(a.longValue(), b.longValue());
        }
        return toBigDecimal(a).compareTo(toBigDecimal(b));
    }

    public static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof BigInteger
                || n instanceof Short || n instanceof Byte;
    }

    private static BigInteger toBigInteger(Number n) {
        return n instanceof BigInteger ? (BigInteger) n : BigInteger.valueOf(n.longValue());
    }

    public static BigDecimal toBigDecimal(Number n) {
        if (n instanceof BigDecimal) {
            return (BigDecimal) n;
        }
        if (n instanceof BigInteger) {
            return new BigDecimal((BigInteger) n);
        }
        if (isIntegral(n)) {
            return BigDecimal.valueOf(n.longValue());
        }
        return new BigDecimal(Double.toString(n.doubleValue()));
    }

    /** Normalizes a number to the narrowest of Integer, Long or Double, as JSON parsing would. */
    public static Number normalize(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= 9.007199254740992E15) {
                long l = (long) d;
                if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                    return (int) l;
                }
                return l;
            }
            return d;
        }
        if (n instanceof Long && n.longValue() >= Integer.MIN_VALUE && n.longValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        return n;
    }

    /** True when the value's compact JSON form is longer than {@code limit} UTF-8 bytes. */
    public static boolean exceeds(Object v, int limit) {
        return size(v, limit) > limit;
    }

    @SuppressWarnings("unchecked")
    private static int size(Object v, int budget) {
        if (v instanceof String) {
            return utf8Size((String) v) + 2;
        }
        if (v instanceof Map) {
            int n = 2;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                n += size(e.getKey(), budget - n) + 2 + size(e.getValue(), budget - n);
                if (n > budget) {
                    return n;
                }
            }
            return n;
        }
        if (v instanceof List) {
            int n = 2;
            for (Object o : (List<Object>) v) {
                n += size(o, budget - n) + 1;
                if (n > budget) {
                    return n;
                }
            }
            return n;
        }
        if (v == null || v == NULL) {
            return 4;
        }
        if (v instanceof Boolean) {
            return 5;
        }
        return 24;
    }
}
