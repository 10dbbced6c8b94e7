package dev.sagastack.local.dynamodb.engine;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Order-preserving binary keys. A stored key is
 * {@code [4-byte hash of partition value][2-byte length][partition value][sort value, self-delimiting]}
 * followed, for index entries, by the table's primary key. Comparing keys as unsigned bytes then
 * groups a partition together and orders it by DynamoDB's sort order (S by UTF-8 bytes, N
 * numerically, B bytewise), and the leading hash gives Scan its partition order and contiguous
 * Segment ranges.
 */
public final class KeyCodec {

    private KeyCodec() {
    }

    /** The raw bytes of a key value as DynamoDB measures it: UTF-8 for S, content for B, a numeric encoding for N. */
    public static byte[] valueBytes(AttributeValue value) {
        if (value instanceof AttributeValue.S s) {
            return s.value().getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof AttributeValue.B b) {
            return b.bytes();
        }
        if (value instanceof AttributeValue.N n) {
            return encodeNumber(n.value());
        }
        throw new IllegalArgumentException("not a key type: " + value.type());
    }

    public static int hash(byte[] partitionBytes) {
        // FNV-1a followed by a murmur finaliser: cheap and spreads short keys over the whole range.
        int h = 0x811c9dc5;
        for (byte b : partitionBytes) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** The key prefix shared by every entry of one partition. */
    public static byte[] partitionPrefix(AttributeValue partitionValue) {
        byte[] pk = valueBytes(partitionValue);
        byte[] out = new byte[6 + pk.length];
        int h = hash(pk);
        out[0] = (byte) (h >>> 24);
        out[1] = (byte) (h >>> 16);
        out[2] = (byte) (h >>> 8);
        out[3] = (byte) h;
        out[4] = (byte) (pk.length >>> 8);
        out[5] = (byte) pk.length;
        System.arraycopy(pk, 0, out, 6, pk.length);
        return out;
    }

    /** The encoding of a sort key value as a self-delimiting component. */
    public static byte[] sortComponent(AttributeValue sortValue) {
        if (sortValue instanceof AttributeValue.N n) {
            return encodeNumber(n.value());
        }
        byte[] raw = valueBytes(sortValue);
        return escapeTerminated(raw, true);
    }

    /** The encoding of a prefix of an S or B sort value (for begins_with): escaped, not terminated. */
    public static byte[] sortPrefixComponent(AttributeValue prefix) {
        return escapeTerminated(valueBytes(prefix), false);
    }

    private static byte[] escapeTerminated(byte[] raw, boolean terminate) {
        int zeros = 0;
        for (byte b : raw) {
            if (b == 0) {
                zeros++;
            }
        }
        // Terminator 00 00 can never occur inside the escaped bytes (every 00 there is followed by FF),
        // so no encoded value is a prefix of another.
        byte[] out = new byte[raw.length + zeros + (terminate ? 2 : 0)];
        int i = 0;
        for (byte b : raw) {
            out[i++] = b;
            if (b == 0) {
                out[i++] = (byte) 0xff;
            }
        }
        return out; // trailing terminator bytes are already 0
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    /** The smallest key greater than every key starting with {@code prefix}, or null when none exists. */
    public static byte[] prefixEnd(byte[] prefix) {
        byte[] out = Arrays.copyOf(prefix, prefix.length);
        for (int i = out.length - 1; i >= 0; i--) {
            if (out[i] != (byte) 0xff) {
                out[i]++;
                return Arrays.copyOf(out, i + 1);
            }
        }
        return null;
    }

    public static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        return Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /**
     * Order-preserving, self-delimiting encoding of a DynamoDB number: a sign byte, a biased
     * exponent byte, one byte per significant digit and a terminator, all inverted for negatives.
     */
    static byte[] encodeNumber(BigDecimal value) {
        BigDecimal v = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        if (v.signum() == 0) {
            return new byte[] {2};
        }
        String digits = v.unscaledValue().abs().toString();
        int exponent = digits.length() - v.scale() - 1; // scientific exponent, -130..125
        ByteArrayOutputStream out = new ByteArrayOutputStream(digits.length() + 3);
        boolean negative = v.signum() < 0;
        out.write(negative ? 1 : 3);
        int biased = exponent + 130;
        out.write(negative ? 255 - biased : biased);
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(i) - '0' + 1;
            out.write(negative ? 255 - d : d);
        }
        out.write(negative ? 255 : 0);
        return out.toByteArray();
    }
}
