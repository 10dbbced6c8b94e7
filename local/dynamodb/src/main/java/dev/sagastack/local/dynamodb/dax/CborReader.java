package dev.sagastack.local.dynamodb.dax;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads CBOR items from a stream into plain Java values: {@link Long} or {@link BigInteger}, {@link String},
 * {@code byte[]}, {@link List}, {@link Map} (insertion ordered), {@link Boolean}, {@link Double},
 * {@link Tagged} and {@link #NULL} for CBOR null. Definite and indefinite lengths are both accepted.
 */
final class CborReader {

    /** CBOR null and undefined, distinct from "no value". */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final Object BREAK = new Object();
    private static final int MAX_LENGTH = 64 * 1024 * 1024;

    /** A tagged item. */
    record Tagged(long tag, Object value) {
    }

    private final InputStream in;

    CborReader(InputStream in) {
        this.in = in;
    }

    static CborReader of(byte[] bytes) {
        return new CborReader(new ByteArrayInputStream(bytes));
    }

    /** True when the stream has no more bytes (only meaningful on in-memory input). */
    boolean atEnd() throws IOException {
        return in.available() == 0;
    }

    Object read() throws IOException {
        Object v = readItem();
        if (v == BREAK) {
            throw new CborException("unexpected break");
        }
        return v;
    }

    private int u8() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private long argument(int info) throws IOException {
        if (info < 24) {
            return info;
        }
        int n = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> throw new CborException("bad additional info " + info);
        };
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | u8();
        }
        return v;
    }

    private byte[] readN(long len) throws IOException {
        if (len < 0 || len > MAX_LENGTH) {
            throw new CborException("length out of range: " + len);
        }
        byte[] b = in.readNBytes((int) len);
        if (b.length != len) {
            throw new EOFException();
        }
        return b;
    }

    private Object readItem() throws IOException {
        int ib = u8();
        int major = ib >>> 5;
        int info = ib & 0x1f;
        switch (major) {
            case 0: {
                long v = argument(info);
                return v >= 0 ? (Object) v : new BigInteger(Long.toUnsignedString(v));
            }
            case 1: {
                long v = argument(info);
                return v >= 0 ? (Object) (-1 - v)
                        : new BigInteger(Long.toUnsignedString(v)).negate().subtract(BigInteger.ONE);
            }
            case 2:
            case 3: {
                byte[] b;
                if (info == 31) {
                    ByteArrayOutputStream acc = new ByteArrayOutputStream();
                    while (true) {
                        Object chunk = readItem();
                        if (chunk == BREAK) {
                            break;
                        }
                        acc.writeBytes(chunk instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) chunk);
                    }
                    b = acc.toByteArray();
                } else {
                    b = readN(argument(info));
                }
                return major == 2 ? b : new String(b, StandardCharsets.UTF_8);
            }
            case 4: {
                List<Object> list = new ArrayList<>();
                if (info == 31) {
                    for (Object v = readItem(); v != BREAK; v = readItem()) {
                        list.add(v);
                    }
                } else {
                    long n = argument(info);
                    for (long i = 0; i < n; i++) {
                        list.add(read());
                    }
                }
                return list;
            }
            case 5: {
                Map<Object, Object> map = new LinkedHashMap<>();
                if (info == 31) {
                    for (Object k = readItem(); k != BREAK; k = readItem()) {
                        map.put(k, read());
                    }
                } else {
                    long n = argument(info);
                    for (long i = 0; i < n; i++) {
                        Object k = read();
                        map.put(k, read());
                    }
                }
                return map;
            }
            case 6: {
                long tag = argument(info);
                Object v = read();
                if (tag == 2 && v instanceof byte[] b) {
                    return new BigInteger(1, b);
                }
                if (tag == 3 && v instanceof byte[] b) {
                    return new BigInteger(1, b).negate().subtract(BigInteger.ONE);
                }
                return new Tagged(tag, v);
            }
            default: {
                return switch (info) {
                    case 20 -> Boolean.FALSE;
                    case 21 -> Boolean.TRUE;
                    case 22, 23 -> NULL;
                    case 25 -> halfFloat((int) argument(25));
                    case 26 -> (double) Float.intBitsToFloat((int) argument(26));
                    case 27 -> Double.longBitsToDouble(argument(27));
                    case 31 -> BREAK;
                    default -> throw new CborException("unsupported simple value " + info);
                };
            }
        }
    }

    private static double halfFloat(int h) {
        int exp = (h >> 10) & 0x1f;
        int mant = h & 0x3ff;
        double v = exp == 0 ? mant * Math.pow(2, -24)
                : exp == 31 ? (mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                : (mant + 1024) * Math.pow(2, exp - 25);
        return (h & 0x8000) != 0 ? -v : v;
    }

    /** Malformed or unexpected CBOR. */
    static final class CborException extends IOException {
        CborException(String message) {
            super(message);
        }
    }
}
