package dev.sagastack.local.dynamodb.value;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DynamoDB attribute value (S, N, B, BOOL, NULL, M, L, SS, NS, BS), immutable.
 *
 * <p>Numbers are held as {@link BigDecimal} with trailing zeros stripped, so equal numbers are
 * equal values ("1.0" equals "1"); binary values compare by content.
 */
public sealed interface AttributeValue {

    /** The DynamoDB type descriptor of this value, as it appears on the wire. */
    Type type();

    enum Type { S, N, B, BOOL, NULL, M, L, SS, NS, BS }

    static S s(String value) {
        return new S(value);
    }

    static N n(String value) {
        return new N(Numbers.parse(value));
    }

    static N n(long value) {
        return new N(BigDecimal.valueOf(value));
    }

    record S(String value) implements AttributeValue {
        public Type type() {
            return Type.S;
        }
    }

    record N(BigDecimal value) implements AttributeValue {
        public N {
            value = Numbers.canonical(value);
        }

        public Type type() {
            return Type.N;
        }

        /** The number as DynamoDB prints it: plain notation, no trailing zeros. */
        public String text() {
            return Numbers.format(value);
        }
    }

    record B(ByteBuffer value) implements AttributeValue {
        public B {
            value = value.asReadOnlyBuffer();
        }

        public static B of(byte[] bytes) {
            return new B(ByteBuffer.wrap(bytes.clone()));
        }

        public byte[] bytes() {
            byte[] out = new byte[value.remaining()];
            value.duplicate().get(out);
            return out;
        }

        public Type type() {
            return Type.B;
        }
    }

    record Bool(boolean value) implements AttributeValue {
        public static final Bool TRUE = new Bool(true);
        public static final Bool FALSE = new Bool(false);

        public Type type() {
            return Type.BOOL;
        }
    }

    record Null() implements AttributeValue {
        public static final Null INSTANCE = new Null();

        public Type type() {
            return Type.NULL;
        }
    }

    /** A map; iteration order is insertion order. */
    record M(Map<String, AttributeValue> value) implements AttributeValue {
        public M {
            value = Collections.unmodifiableMap(new LinkedHashMap<>(value));
        }

        public Type type() {
            return Type.M;
        }
    }

    record L(List<AttributeValue> value) implements AttributeValue {
        public L {
            value = List.copyOf(value);
        }

        public Type type() {
            return Type.L;
        }
    }

    record SS(Set<String> value) implements AttributeValue {
        public SS {
            value = Collections.unmodifiableSet(new LinkedHashSet<>(value));
        }

        public Type type() {
            return Type.SS;
        }
    }

    record NS(Set<BigDecimal> value) implements AttributeValue {
        public NS {
            LinkedHashSet<BigDecimal> canonical = new LinkedHashSet<>();
            for (BigDecimal d : value) {
                canonical.add(Numbers.canonical(d));
            }
            value = Collections.unmodifiableSet(canonical);
        }

        public Type type() {
            return Type.NS;
        }
    }

    record BS(Set<ByteBuffer> value) implements AttributeValue {
        public BS {
            LinkedHashSet<ByteBuffer> copy = new LinkedHashSet<>();
            for (ByteBuffer b : value) {
                copy.add(b.asReadOnlyBuffer());
            }
            value = Collections.unmodifiableSet(copy);
        }

        public List<byte[]> bytes() {
            List<byte[]> out = new ArrayList<>(value.size());
            for (ByteBuffer b : value) {
                byte[] bytes = new byte[b.remaining()];
                b.duplicate().get(bytes);
                out.add(bytes);
            }
            return out;
        }

        public Type type() {
            return Type.BS;
        }
    }
}
