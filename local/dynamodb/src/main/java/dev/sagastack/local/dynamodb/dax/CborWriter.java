package dev.sagastack.local.dynamodb.dax;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Writes CBOR (RFC 8949) items into a growing buffer, the subset the DAX protocol uses. */
final class CborWriter {

    static final int BREAK = 0xff;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    byte[] toByteArray() {
        return out.toByteArray();
    }

    int size() {
        return out.size();
    }

    void reset() {
        out.reset();
    }

    CborWriter raw(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        return this;
    }

    CborWriter rawByte(int b) {
        out.write(b);
        return this;
    }

    private void head(int major, long value) {
        int m = major << 5;
        if (value < 24) {
            out.write(m | (int) value);
        } else if (value < 0x100) {
            out.write(m | 24);
            out.write((int) value);
        } else if (value < 0x10000) {
            out.write(m | 25);
            out.write((int) (value >> 8));
            out.write((int) value);
        } else if (value < 0x100000000L) {
            out.write(m | 26);
            for (int s = 24; s >= 0; s -= 8) {
                out.write((int) (value >> s));
            }
        } else {
            out.write(m | 27);
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) (value >> s));
            }
        }
    }

    CborWriter integer(long v) {
        if (v >= 0) {
            head(0, v);
        } else {
            head(1, -1 - v);
        }
        return this;
    }

    CborWriter bigInteger(BigInteger v) {
        if (v.bitLength() < 64) {
            return integer(v.longValue());
        }
        if (v.signum() >= 0) {
            tag(2);
            bytes(unsigned(v));
        } else {
            tag(3);
            bytes(unsigned(v.negate().subtract(BigInteger.ONE)));
        }
        return this;
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            byte[] t = new byte[b.length - 1];
            System.arraycopy(b, 1, t, 0, t.length);
            return t;
        }
        return b;
    }

    CborWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(3, b.length);
        out.write(b, 0, b.length);
        return this;
    }

    CborWriter bytes(byte[] b) {
        head(2, b.length);
        out.write(b, 0, b.length);
        return this;
    }

    CborWriter arrayHeader(int n) {
        head(4, n);
        return this;
    }

    CborWriter mapHeader(int n) {
        head(5, n);
        return this;
    }

    /** An indefinite-length map; ends with {@link #end()}. */
    CborWriter mapStream() {
        out.write(0xbf);
        return this;
    }

    /** An indefinite-length array; ends with {@link #end()}. */
    CborWriter arrayStream() {
        out.write(0x9f);
        return this;
    }

    CborWriter end() {
        out.write(BREAK);
        return this;
    }

    CborWriter tag(long tag) {
        head(6, tag);
        return this;
    }

    CborWriter bool(boolean b) {
        out.write(b ? 0xf5 : 0xf4);
        return this;
    }

    CborWriter nil() {
        out.write(0xf6);
        return this;
    }

    CborWriter float64(double d) {
        out.write(0xfb);
        long bits = Double.doubleToLongBits(d);
        for (int s = 56; s >= 0; s -= 8) {
            out.write((int) (bits >> s));
        }
        return this;
    }
}
