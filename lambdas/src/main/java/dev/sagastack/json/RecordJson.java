package dev.sagastack.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.TreeNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records to JSON and back by their components, on Jackson's streaming parser and generator. The
 * functions' own documents (step payloads and results, account events and snapshots) are records
 * of strings, whole numbers, booleans, enums, lists and nested records; data binding's
 * {@code ObjectMapper} would read them the same way but costs a cold start ~0.2 s of CPU to set
 * itself up. Strict like the mapper the steps used: no coercion ({@code "300"} or {@code 3.5} where a
 * whole number belongs is refused), {@code null} for a primitive is refused, unknown members are
 * ignored. A JSON subtree ({@link TreeNode}) component is read and written by {@link JsonTrees}.
 */
public final class RecordJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    /** Whether a member missing from the document is {@code null} (lenient) or refused (strict). */
    public enum Missing { NULL, REFUSED }

    /** The document does not fit the record; {@code path} names the member ({@code items[0].quantity}), empty for the whole. */
    public static final class InvalidJson extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String path;
        private final String reason;

        InvalidJson(String path, String reason, Throwable cause) {
            super(path.isEmpty() ? reason : path + ": " + reason, cause);
            this.path = path;
            this.reason = reason;
        }

        public String path() {
            return path;
        }

        public String reason() {
            return reason;
        }
    }

    private RecordJson() {
    }

    /**
     * @return the record, or null when the document is {@code null}
     * @throws InvalidJson the document does not fit (a failure of the record's constructor is its cause)
     * @throws IOException the bytes are not JSON
     */
    public static <T> T read(InputStream in, Class<T> type, Missing missing) throws IOException {
        try (JsonParser parser = FACTORY.createParser(in)) {
            return readRoot(parser, type, missing);
        }
    }

    public static <T> T read(String json, Class<T> type, Missing missing) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return readRoot(parser, type, missing);
        }
    }

    public static byte[] writeBytes(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String writeString(Object value) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static <T> T readRoot(JsonParser parser, Class<T> type, Missing missing) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new InvalidJson("", "no content", null);
        }
        if (first == JsonToken.VALUE_NULL) {
            return null;
        }
        return type.cast(readValue(parser, type, "", missing));
    }

    private static Object readValue(JsonParser p, Type type, String path, Missing missing) throws IOException {
        Class<?> raw = raw(type);
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            if (raw.isPrimitive()) {
                throw new InvalidJson(path, "null where a " + raw.getName() + " belongs", null);
            }
            return null;
        }
        if (raw == String.class) {
            expect(token == JsonToken.VALUE_STRING, p, path, "a string");
            return p.getText();
        }
        if (raw == Long.class || raw == long.class) {
            expect(token == JsonToken.VALUE_NUMBER_INT, p, path, "a whole number");
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new InvalidJson(path, "out of range of a 64-bit whole number", null);
            }
            return p.getLongValue();
        }
        if (raw == Integer.class || raw == int.class) {
            expect(token == JsonToken.VALUE_NUMBER_INT, p, path, "a whole number");
            if (p.getNumberType() != JsonParser.NumberType.INT) {
                throw new InvalidJson(path, "out of range of a 32-bit whole number", null);
            }
            return p.getIntValue();
        }
        if (raw == Boolean.class || raw == boolean.class) {
            expect(token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE, p, path, "true or false");
            return token == JsonToken.VALUE_TRUE;
        }
        if (raw == Double.class || raw == double.class) {
            expect(token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT, p, path, "a number");
            return p.getDoubleValue();
        }
        if (raw.isEnum()) {
            expect(token == JsonToken.VALUE_STRING, p, path, "a string");
            return enumConstant(raw, p.getText(), path);
        }
        if (raw == List.class) {
            expect(token == JsonToken.START_ARRAY, p, path, "an array");
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                list.add(readValue(p, element, path + "[" + list.size() + "]", missing));
            }
            return list;
        }
        if (raw.isRecord()) {
            expect(token == JsonToken.START_OBJECT, p, path, "an object");
            return readRecord(p, SHAPES.get(raw), path, missing);
        }
        if (TreeNode.class.isAssignableFrom(raw)) {
            return JsonTrees.read(p);
        }
        throw new IllegalArgumentException("no JSON reading for " + type + " at " + path);
    }

    private static Object readRecord(JsonParser p, Shape shape, String path, Missing missing) throws IOException {
        Object[] args = new Object[shape.components.length];
        boolean[] seen = new boolean[args.length];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            Integer index = shape.index.get(name);
            if (index == null) {
                p.skipChildren();
                continue;
            }
            args[index] = readValue(p, shape.types[index], path.isEmpty() ? name : path + "." + name, missing);
            seen[index] = true;
        }
        for (int i = 0; i < args.length; i++) {
            if (!seen[i]) {
                Class<?> raw = shape.components[i].getType();
                if (missing == Missing.REFUSED || raw.isPrimitive()) {
                    String member = shape.components[i].getName();
                    throw new InvalidJson(path.isEmpty() ? member : path + "." + member, "missing", null);
                }
            }
        }
        try {
            return shape.constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new InvalidJson(path, String.valueOf(cause.getMessage()), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + shape.constructor.getDeclaringClass().getName(), e);
        }
    }

    private static void expect(boolean ok, JsonParser p, String path, String what) {
        if (!ok) {
            throw new InvalidJson(path, "expected " + what + ", was " + describe(p.currentToken()), null);
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "a whole number";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<?> type, String name, String path) {
        try {
            return Enum.valueOf((Class) type, name);
        } catch (IllegalArgumentException e) {
            throw new InvalidJson(path, "\"" + name + "\" is not one of " + List.of(type.getEnumConstants()), null);
        }
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        throw new IllegalArgumentException("no JSON reading for " + type);
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            g.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Enum<?> e) {
            g.writeString(e.name());
        } else if (value instanceof Collection<?> collection) {
            g.writeStartArray();
            for (Object element : collection) {
                write(g, element);
            }
            g.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                g.writeFieldName(String.valueOf(entry.getKey()));
                write(g, entry.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof JsonDocument document) {
            document.write(g);
        } else if (value instanceof Record record) {
            Shape shape = SHAPES.get(record.getClass());
            g.writeStartObject();
            for (int i = 0; i < shape.components.length; i++) {
                g.writeFieldName(shape.components[i].getName());
                write(g, shape.get(i, record));
            }
            g.writeEndObject();
        } else if (value instanceof TreeNode tree) {
            JsonTrees.write(g, tree);
        } else {
            throw new IllegalArgumentException("no JSON writing for " + value.getClass().getName());
        }
    }

    /** A record type's components, their generic types, accessors and canonical constructor. */
    private record Shape(RecordComponent[] components, Type[] types, Method[] accessors, Constructor<?> constructor,
                         Map<String, Integer> index) {

        static Shape of(Class<?> type) {
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            RecordComponent[] components = type.getRecordComponents();
            Type[] types = new Type[components.length];
            Class<?>[] raw = new Class<?>[components.length];
            Method[] accessors = new Method[components.length];
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getGenericType();
                raw[i] = components[i].getType();
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
                index.put(components[i].getName(), i);
            }
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(raw);
                constructor.setAccessible(true);
                return new Shape(components, types, accessors, constructor, Map.copyOf(index));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type.getName() + " has no canonical constructor", e);
            }
        }

        Object get(int i, Record record) {
            try {
                return accessors[i].invoke(record);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
