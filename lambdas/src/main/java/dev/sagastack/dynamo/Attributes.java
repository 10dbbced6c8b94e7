package dev.sagastack.dynamo;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Small conversions between Java values and DynamoDB attribute values. */
public final class Attributes {

    private Attributes() {
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    public static AttributeValue instant(Instant value) {
        return AttributeValue.fromS(value.toString());
    }

    public static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.s() == null) {
            throw new IllegalStateException("item lacks string attribute " + name + ": keys " + item.keySet());
        }
        return value.s();
    }

    public static Optional<String> optionalString(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? Optional.empty() : Optional.ofNullable(value.s());
    }

    public static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            throw new IllegalStateException("item lacks number attribute " + name + ": keys " + item.keySet());
        }
        return Long.parseLong(value.n());
    }

    public static Optional<Long> optionalNumber(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? Optional.empty() : Optional.of(Long.parseLong(value.n()));
    }

    public static Instant instant(Map<String, AttributeValue> item, String name) {
        return Instant.parse(string(item, name));
    }
}
