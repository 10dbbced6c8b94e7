package dev.sagastack.local.dynamodb.expression.internal;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.KeyOrdering;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;

/** Comparison, containment and size of attribute values, as condition expressions define them. */
final class Values {

    /** Returned by {@link #compareOrdered} when two values have no order between them. */
    static final int UNORDERED = Integer.MIN_VALUE;

    private Values() {
    }

    static boolean equal(AttributeValue a, AttributeValue b) {
        if (a == null || b == null || a.type() != b.type()) {
            return false;
        }
        if (a instanceof AttributeValue.N na) {
            return na.value().compareTo(((AttributeValue.N) b).value()) == 0;
        }
        return a.equals(b);
    }

    /** Orders two S, N or B values of the same type; {@link #UNORDERED} for anything else. */
    static int compareOrdered(AttributeValue a, AttributeValue b) {
        if (a == null || b == null || a.type() != b.type() || !isOrderedType(a.type())) {
            return UNORDERED;
        }
        return KeyOrdering.compare(a, b);
    }

    static boolean isOrderedType(AttributeValue.Type t) {
        return t == AttributeValue.Type.S || t == AttributeValue.Type.N || t == AttributeValue.Type.B;
    }

    /** size(): string length in UTF-16 code units, bytes of B, elements of sets, L and M. */
    static AttributeValue size(AttributeValue v) {
        if (v == null) {
            return null;
        }
        int n;
        switch (v.type()) {
            case S:
                n = ((AttributeValue.S) v).value().length();
                break;
            case B:
                n = ((AttributeValue.B) v).value().remaining();
                break;
            case SS:
                n = ((AttributeValue.SS) v).value().size();
                break;
            case NS:
                n = ((AttributeValue.NS) v).value().size();
                break;
            case BS:
                n = ((AttributeValue.BS) v).value().size();
                break;
            case L:
                n = ((AttributeValue.L) v).value().size();
                break;
            case M:
                n = ((AttributeValue.M) v).value().size();
                break;
            default:
                return null;
        }
        return new AttributeValue.N(BigDecimal.valueOf(n));
    }

    static boolean beginsWith(AttributeValue v, AttributeValue prefix) {
        if (v instanceof AttributeValue.S s && prefix instanceof AttributeValue.S p) {
            return s.value().startsWith(p.value());
        }
        if (v instanceof AttributeValue.B b && prefix instanceof AttributeValue.B p) {
            ByteBuffer bb = b.value();
            ByteBuffer pb = p.value();
            return pb.remaining() <= bb.remaining() && bb.slice().limit(pb.remaining()).equals(pb);
        }
        return false;
    }

    /**
     * contains(): a substring of S, a subsequence of B, an element of a set of the operand's type,
     * or an element of a list.
     */
    static boolean contains(AttributeValue v, AttributeValue operand) {
        if (v == null || operand == null) {
            return false;
        }
        switch (v.type()) {
            case S:
                return operand instanceof AttributeValue.S o && ((AttributeValue.S) v).value().contains(o.value());
            case B:
                return operand instanceof AttributeValue.B o && indexOf(((AttributeValue.B) v).value(), o.value()) >= 0;
            case SS:
                return operand instanceof AttributeValue.S o && ((AttributeValue.SS) v).value().contains(o.value());
            case NS:
                return operand instanceof AttributeValue.N o && ((AttributeValue.NS) v).value().contains(o.value());
            case BS:
                return operand instanceof AttributeValue.B o && ((AttributeValue.BS) v).value().contains(o.value());
            case L:
                List<AttributeValue> list = ((AttributeValue.L) v).value();
                for (AttributeValue element : list) {
                    if (equal(element, operand)) {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }

    private static int indexOf(ByteBuffer haystack, ByteBuffer needle) {
        int h = haystack.remaining();
        int n = needle.remaining();
        int hp = haystack.position();
        int np = needle.position();
        outer:
        for (int i = 0; i <= h - n; i++) {
            for (int j = 0; j < n; j++) {
                if (haystack.get(hp + i + j) != needle.get(np + j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The type word DynamoDB uses in ADD/DELETE operand messages, e.g. STRING; null for sets. */
    static String typeWord(AttributeValue.Type t) {
        switch (t) {
            case S:
                return "STRING";
            case N:
                return "NUMBER";
            case B:
                return "BINARY";
            case NULL:
                return "NULL";
            case BOOL:
                return "BOOLEAN";
            case L:
                return "LIST";
            case M:
                return "MAP";
            default:
                return null;
        }
    }

    /** How DynamoDB prints a value in messages, e.g. {@code {N:1}}. */
    static String describe(AttributeValue v) {
        String body;
        switch (v.type()) {
            case S:
                body = ((AttributeValue.S) v).value();
                break;
            case N:
                body = ((AttributeValue.N) v).text();
                break;
            case B:
                body = Base64.getEncoder().encodeToString(((AttributeValue.B) v).bytes());
                break;
            case BOOL:
                body = String.valueOf(((AttributeValue.Bool) v).value());
                break;
            case NULL:
                body = "true";
                break;
            default:
                body = v.toString();
        }
        return "{" + v.type().name() + ":" + body + "}";
    }
}
