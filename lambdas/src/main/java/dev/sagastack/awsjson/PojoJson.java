package dev.sagastack.awsjson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AWS JSON protocol's body (awsJson 1.0 and 1.1) for the SDK's own model classes, read from the field
 * descriptions every model class carries ({@link SdkPojo#sdkFields()}: member name on the wire, type, list and
 * map members, defaults such as idempotency tokens). These are the descriptions the SDK's JSON marshaller walks;
 * this class walks them with one streaming generator and parser and nothing else: no client, no pipeline.
 * <ul>
 * <li>Members left unset, and collections the SDK auto-constructs for absent members, are not written.</li>
 * <li>Binary values are base64 strings; timestamps are epoch seconds with a fraction (the protocol's default);
 * members the model does not know are skipped on read (a newer service adds members).</li>
 * </ul>
 */
public final class PojoJson {

    static final JsonFactory JSON = new JsonFactory();
    private static final Map<Class<?>, Map<String, SdkField<?>>> FIELDS = new ConcurrentHashMap<>();

    private PojoJson() {
    }

    /** The request's JSON body. */
    public static byte[] write(SdkPojo pojo) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeObject(g, pojo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Fills {@code builder} (a model class's builder) from a JSON object, and returns it. */
    public static <B extends SdkPojo> B read(byte[] json, B builder) {
        if (json.length == 0) {
            return builder;
        }
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return builder;
            }
            if (first != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object, got " + first);
            }
            readObject(p, builder);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON answer of the model " + builder.getClass().getName()
                    + ": " + e.getMessage(), e);
        }
        return builder;
    }

    private static void writeObject(JsonGenerator g, SdkPojo pojo) throws IOException {
        g.writeStartObject();
        for (SdkField<?> field : pojo.sdkFields()) {
            if (field.location() != MarshallLocation.PAYLOAD) {
                continue;
            }
            Object value = field.getValueOrDefault(pojo);
            if (value == null || value instanceof SdkAutoConstructList || value instanceof SdkAutoConstructMap) {
                continue;
            }
            g.writeFieldName(field.locationName());
            writeValue(g, field, value);
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, SdkField<?> field, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
            return;
        }
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.STRING) {
            g.writeString((String) value);
        } else if (type == MarshallingType.SDK_POJO) {
            writeObject(g, (SdkPojo) value);
        } else if (type == MarshallingType.MAP) {
            SdkField<?> member = field.getTrait(MapTrait.class).valueFieldInfo();
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                g.writeFieldName((String) e.getKey());
                writeValue(g, member, e.getValue());
            }
            g.writeEndObject();
        } else if (type == MarshallingType.LIST) {
            SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
            g.writeStartArray();
            for (Object element : (List<?>) value) {
                writeValue(g, member, element);
            }
            g.writeEndArray();
        } else if (type == MarshallingType.BOOLEAN) {
            g.writeBoolean((Boolean) value);
        } else if (type == MarshallingType.INTEGER || type == MarshallingType.SHORT || type == MarshallingType.BYTE) {
            g.writeNumber(((Number) value).intValue());
        } else if (type == MarshallingType.LONG) {
            g.writeNumber((Long) value);
        } else if (type == MarshallingType.DOUBLE) {
            g.writeNumber((Double) value);
        } else if (type == MarshallingType.FLOAT) {
            g.writeNumber((Float) value);
        } else if (type == MarshallingType.BIG_DECIMAL) {
            g.writeNumber((BigDecimal) value);
        } else if (type == MarshallingType.SDK_BYTES) {
            g.writeBinary(((SdkBytes) value).asByteArrayUnsafe());
        } else if (type == MarshallingType.INSTANT) {
            g.writeNumber(BigDecimal.valueOf(((Instant) value).toEpochMilli()).movePointLeft(3));
        } else {
            throw new IllegalArgumentException("member " + field.memberName() + ": type " + type
                    + " is not written by this client");
        }
    }

    private static void readObject(JsonParser p, SdkPojo builder) throws IOException {
        Map<String, SdkField<?>> fields = fieldsOf(builder);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            SdkField<?> field = fields.get(p.currentName());
            p.nextToken();
            if (field == null) {
                p.skipChildren();
                continue;
            }
            Object value = readValue(p, field);
            if (value != null) {
                field.set(builder, value);
            }
        }
    }

    private static Object readValue(JsonParser p, SdkField<?> field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.STRING) {
            return p.getValueAsString();
        } else if (type == MarshallingType.SDK_POJO) {
            expect(p, JsonToken.START_OBJECT, field);
            SdkPojo nested = field.constructor().get();
            readObject(p, nested);
            return ((SdkBuilder<?, ?>) nested).build();
        } else if (type == MarshallingType.MAP) {
            expect(p, JsonToken.START_OBJECT, field);
            SdkField<?> member = field.getTrait(MapTrait.class).valueFieldInfo();
            Map<String, Object> map = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                map.put(key, readValue(p, member));
            }
            return Collections.unmodifiableMap(map);
        } else if (type == MarshallingType.LIST) {
            expect(p, JsonToken.START_ARRAY, field);
            SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
            List<Object> list = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                list.add(readValue(p, member));
            }
            return Collections.unmodifiableList(list);
        } else if (type == MarshallingType.BOOLEAN) {
            return p.getValueAsBoolean();
        } else if (type == MarshallingType.INTEGER) {
            return p.getValueAsInt();
        } else if (type == MarshallingType.SHORT) {
            return (short) p.getValueAsInt();
        } else if (type == MarshallingType.BYTE) {
            return (byte) p.getValueAsInt();
        } else if (type == MarshallingType.LONG) {
            return p.getValueAsLong();
        } else if (type == MarshallingType.DOUBLE) {
            return p.getValueAsDouble();
        } else if (type == MarshallingType.FLOAT) {
            return (float) p.getValueAsDouble();
        } else if (type == MarshallingType.BIG_DECIMAL) {
            return token == JsonToken.VALUE_STRING ? new BigDecimal(p.getText()) : p.getDecimalValue();
        } else if (type == MarshallingType.SDK_BYTES) {
            return SdkBytes.fromByteArrayUnsafe(p.getBinaryValue());
        } else if (type == MarshallingType.INSTANT) {
            return instant(p, token);
        }
        p.skipChildren();
        return null;
    }

    private static Instant instant(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            String text = p.getText();
            return text.indexOf('T') > 0 ? Instant.parse(text) : epochSeconds(new BigDecimal(text));
        }
        return epochSeconds(p.getDecimalValue());
    }

    private static Instant epochSeconds(BigDecimal seconds) {
        return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
    }

    private static void expect(JsonParser p, JsonToken expected, SdkField<?> field) throws IOException {
        if (p.currentToken() != expected) {
            throw new IOException("member " + field.locationName() + ": expected " + expected + ", got "
                    + p.currentToken());
        }
    }

    /** A builder's members by their name on the wire, once per builder class. */
    private static Map<String, SdkField<?>> fieldsOf(SdkPojo builder) {
        return FIELDS.computeIfAbsent(builder.getClass(), type -> {
            Map<String, SdkField<?>> byName = new HashMap<>();
            for (SdkField<?> field : builder.sdkFields()) {
                if (field.location() == MarshallLocation.PAYLOAD) {
                    byName.put(field.unmarshallLocationName(), field);
                }
            }
            return byName;
        });
    }
}
