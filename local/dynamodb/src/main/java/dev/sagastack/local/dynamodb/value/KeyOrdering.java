package dev.sagastack.local.dynamodb.value;

import java.nio.ByteBuffer;
import java.util.Comparator;

/**
 * DynamoDB's ordering of key values: S by UTF-8 bytes (unsigned), N numerically, B bytewise
 * unsigned. Values of different types order by type (S, N, B), which keys of one table never mix.
 */
public final class KeyOrdering {

    public static final Comparator<AttributeValue> COMPARATOR = KeyOrdering::compare;

    private KeyOrdering() {
    }

    /**
     * Compares two S, N or B values.
     *
     * @throws IllegalArgumentException for any other type, which has no key ordering
     */
    public static int compare(AttributeValue a, AttributeValue b) {
        if (a instanceof AttributeValue.S sa && b instanceof AttributeValue.S sb) {
            return compareUtf8(sa.value(), sb.value());
        }
        if (a instanceof AttributeValue.N na && b instanceof AttributeValue.N nb) {
            return na.value().compareTo(nb.value());
        }
        if (a instanceof AttributeValue.B ba && b instanceof AttributeValue.B bb) {
            return compareUnsigned(ba.value(), bb.value());
        }
        return Integer.compare(rank(a), rank(b));
    }

    /**
     * Compares strings in the order of their UTF-8 encodings without encoding them: UTF-8 byte
     * order is code point order, and UTF-16 code units reach code point order once surrogates
     * (0xD800-0xDFFF) are moved above the rest of the BMP.
     */
    public static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                return codePointOrder(ca) - codePointOrder(cb);
            }
        }
        return a.length() - b.length();
    }

    private static int codePointOrder(char c) {
        if (c >= 0xD800) {
            return c >= 0xE000 ? c - 0x800 : c + 0x2000;
        }
        return c;
    }

    /** Compares the remaining bytes of two buffers as unsigned values; the buffers are not moved. */
    public static int compareUnsigned(ByteBuffer a, ByteBuffer b) {
        int i = a.mismatch(b);
        if (i < 0) {
            return 0;
        }
        if (i >= a.remaining() || i >= b.remaining()) {
            return a.remaining() - b.remaining();
        }
        return Integer.compare(Byte.toUnsignedInt(a.get(a.position() + i)), Byte.toUnsignedInt(b.get(b.position() + i)));
    }

    private static int rank(AttributeValue v) {
        switch (v.type()) {
            case S:
                return 0;
            case N:
                return 1;
            case B:
                return 2;
            default:
                throw new IllegalArgumentException("Not a key type: " + v.type());
        }
    }
}
