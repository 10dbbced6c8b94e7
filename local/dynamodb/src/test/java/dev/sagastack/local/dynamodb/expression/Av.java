package dev.sagastack.local.dynamodb.expression;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Short constructors for attribute values, items and contexts in expression tests. */
final class Av {

    private Av() {
    }

    static AttributeValue s(String v) {
        return AttributeValue.s(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.n(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.n(v);
    }

    static AttributeValue b(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return AttributeValue.B.of(out);
    }

    static AttributeValue bool(boolean v) {
        return v ? AttributeValue.Bool.TRUE : AttributeValue.Bool.FALSE;
    }

    static AttributeValue nul() {
        return AttributeValue.Null.INSTANCE;
    }

    static AttributeValue ss(String... v) {
        return new AttributeValue.SS(new LinkedHashSet<>(Arrays.asList(v)));
    }

    static AttributeValue ns(String... v) {
        Set<BigDecimal> set = new LinkedHashSet<>();
        for (String x : v) {
            set.add(new BigDecimal(x));
        }
        return new AttributeValue.NS(set);
    }

    static AttributeValue bs(int... singleBytes) {
        Set<ByteBuffer> set = new LinkedHashSet<>();
        for (int x : singleBytes) {
            set.add(ByteBuffer.wrap(new byte[] {(byte) x}));
        }
        return new AttributeValue.BS(set);
    }

    static AttributeValue l(AttributeValue... v) {
        return new AttributeValue.L(List.of(v));
    }

    /** A map from alternating keys and values. */
    static AttributeValue m(Object... kv) {
        return new AttributeValue.M(map(kv));
    }

    /** An item from alternating attribute names and values. */
    static Item item(Object... kv) {
        return new Item(map(kv));
    }

    static Map<String, AttributeValue> map(Object... kv) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], (AttributeValue) kv[i + 1]);
        }
        return out;
    }

    static Map<String, String> names(String... kv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], kv[i + 1]);
        }
        return out;
    }

    static ExpressionContext ctx(Map<String, String> names, Map<String, AttributeValue> values) {
        return new ExpressionContext(names, values);
    }

    /** A context with values only. */
    static ExpressionContext values(Object... kv) {
        return new ExpressionContext(Map.of(), map(kv));
    }

    static ExpressionContext none() {
        return new ExpressionContext(Map.of(), Map.of());
    }
}
