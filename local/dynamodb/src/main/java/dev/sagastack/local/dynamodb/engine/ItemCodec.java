package dev.sagastack.local.dynamodb.engine;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Compact binary form of an item, the way items are held in memory and on disk: one byte array
 * per item instead of an object graph, so a million small items fit in a few hundred megabytes.
 */
public final class ItemCodec {

    private static final int S = 1, N = 2, B = 3, TRUE = 4, FALSE = 5, NULL = 6, M = 7, L = 8, SS = 9, NS = 10, BS = 11;

    private ItemCodec() {
    }

    /**
     * Each thread encodes into its own scratch buffer and copies the result out once, rather than
     * allocating (and growing) a buffer per item; a buffer grown past 64 KB by a large item is dropped.
     */
    private static final ThreadLocal<Writer> SCRATCH = ThreadLocal.withInitial(() -> new Writer(1024));

    public static byte[] encode(Item item) {
        Writer w = SCRATCH.get();
        w.pos = 0;
        w.varint(item.attributes().size());
        for (Map.Entry<String, AttributeValue> e : item.attributes().entrySet()) {
            w.string(e.getKey());
            w.value(e.getValue());
        }
        byte[] out = w.toBytes();
        if (w.buf.length > 64 * 1024) {
            w.buf = new byte[1024];
        }
        return out;
    }

    public static Item decode(byte[] bytes) {
        Reader r = new Reader(bytes);
        int n = r.varint();
        Map<String, AttributeValue> attributes = new LinkedHashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            String name = r.string();
            attributes.put(name, r.value());
        }
        return Item.adopt(attributes);
    }

    /**
     * Writes an encoded item as DynamoDB wire JSON without building the item's objects: the read
     * path for items that are returned as stored.
     */
    public static void writeJson(byte[] bytes, com.fasterxml.jackson.core.JsonGenerator out) throws java.io.IOException {
        Reader r = new Reader(bytes);
        int n = r.varint();
        out.writeStartObject();
        for (int i = 0; i < n; i++) {
            out.writeFieldName(r.string());
            r.writeValue(out);
        }
        out.writeEndObject();
    }

    private static final class Writer {
        private byte[] buf;
        private int pos;

        Writer(int capacity) {
            buf = new byte[capacity];
        }

        void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        void byte1(int b) {
            ensure(1);
            buf[pos++] = (byte) b;
        }

        void varint(int v) {
            ensure(5);
            while ((v & ~0x7f) != 0) {
                buf[pos++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        void bytes(byte[] b) {
            varint(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        void string(String s) {
            // ASCII fast path avoids an intermediate array for the common case.
            int len = s.length();
            boolean ascii = true;
            for (int i = 0; i < len; i++) {
                if (s.charAt(i) >= 0x80) {
                    ascii = false;
                    break;
                }
            }
            if (ascii) {
                varint(len);
                ensure(len);
                for (int i = 0; i < len; i++) {
                    buf[pos + i] = (byte) s.charAt(i);
                }
                pos += len;
            } else {
                bytes(s.getBytes(StandardCharsets.UTF_8));
            }
        }

        void value(AttributeValue v) {
            switch (v.type()) {
                case S -> {
                    byte1(S);
                    string(((AttributeValue.S) v).value());
                }
                case N -> {
                    byte1(N);
                    // Plain notation, so reads can copy the text straight into JSON.
                    string(((AttributeValue.N) v).value().toPlainString());
                }
                case B -> {
                    byte1(B);
                    bytes(((AttributeValue.B) v).bytes());
                }
                case BOOL -> byte1(((AttributeValue.Bool) v).value() ? TRUE : FALSE);
                case NULL -> byte1(NULL);
                case M -> {
                    byte1(M);
                    Map<String, AttributeValue> m = ((AttributeValue.M) v).value();
                    varint(m.size());
                    for (Map.Entry<String, AttributeValue> e : m.entrySet()) {
                        string(e.getKey());
                        value(e.getValue());
                    }
                }
                case L -> {
                    byte1(L);
                    List<AttributeValue> l = ((AttributeValue.L) v).value();
                    varint(l.size());
                    for (AttributeValue e : l) {
                        value(e);
                    }
                }
                case SS -> {
                    byte1(SS);
                    varint(((AttributeValue.SS) v).value().size());
                    for (String e : ((AttributeValue.SS) v).value()) {
                        string(e);
                    }
                }
                case NS -> {
                    byte1(NS);
                    varint(((AttributeValue.NS) v).value().size());
                    for (BigDecimal e : ((AttributeValue.NS) v).value()) {
                        string(e.toPlainString());
                    }
                }
                case BS -> {
                    byte1(BS);
                    List<byte[]> all = ((AttributeValue.BS) v).bytes();
                    varint(all.size());
                    for (byte[] e : all) {
                        bytes(e);
                    }
                }
            }
        }

        byte[] toBytes() {
            return Arrays.copyOf(buf, pos);
        }
    }

    private static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        int varint() {
            int shift = 0;
            int result = 0;
            while (true) {
                byte b = buf[pos++];
                result |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
                shift += 7;
            }
        }

        byte[] bytes() {
            int n = varint();
            byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return out;
        }

        String string() {
            int n = varint();
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        /** Writes a stored string as a JSON string straight from its UTF-8 bytes (no String in between). */
        private void writeUtf8(com.fasterxml.jackson.core.JsonGenerator out) throws java.io.IOException {
            int n = varint();
            out.writeUTF8String(buf, pos, n);
            pos += n;
        }

        void writeValue(com.fasterxml.jackson.core.JsonGenerator out) throws java.io.IOException {
            int tag = buf[pos++];
            out.writeStartObject();
            switch (tag) {
                case S:
                    out.writeFieldName("S");
                    writeUtf8(out);
                    break;
                case N:
                    out.writeFieldName("N");
                    writeUtf8(out);
                    break;
                case B: {
                    int len = varint();
                    out.writeFieldName("B");
                    out.writeBinary(buf, pos, len);
                    pos += len;
                    break;
                }
                case TRUE:
                case FALSE:
                    out.writeBooleanField("BOOL", tag == TRUE);
                    break;
                case NULL:
                    out.writeBooleanField("NULL", true);
                    break;
                case M: {
                    int n = varint();
                    out.writeObjectFieldStart("M");
                    for (int i = 0; i < n; i++) {
                        out.writeFieldName(string());
                        writeValue(out);
                    }
                    out.writeEndObject();
                    break;
                }
                case L: {
                    int n = varint();
                    out.writeArrayFieldStart("L");
                    for (int i = 0; i < n; i++) {
                        writeValue(out);
                    }
                    out.writeEndArray();
                    break;
                }
                case SS:
                case NS: {
                    int n = varint();
                    out.writeArrayFieldStart(tag == SS ? "SS" : "NS");
                    for (int i = 0; i < n; i++) {
                        writeUtf8(out);
                    }
                    out.writeEndArray();
                    break;
                }
                case BS: {
                    int n = varint();
                    out.writeArrayFieldStart("BS");
                    for (int i = 0; i < n; i++) {
                        int len = varint();
                        out.writeBinary(buf, pos, len);
                        pos += len;
                    }
                    out.writeEndArray();
                    break;
                }
                default:
                    throw new IllegalStateException("corrupt item encoding, tag " + tag);
            }
            out.writeEndObject();
        }

        AttributeValue value() {
            int tag = buf[pos++];
            switch (tag) {
                case S:
                    return new AttributeValue.S(string());
                case N:
                    return new AttributeValue.N(new BigDecimal(string()));
                case B:
                    return new AttributeValue.B(ByteBuffer.wrap(bytes()));
                case TRUE:
                    return AttributeValue.Bool.TRUE;
                case FALSE:
                    return AttributeValue.Bool.FALSE;
                case NULL:
                    return AttributeValue.Null.INSTANCE;
                case M: {
                    int n = varint();
                    Map<String, AttributeValue> m = new LinkedHashMap<>(n * 2);
                    for (int i = 0; i < n; i++) {
                        String k = string();
                        m.put(k, value());
                    }
                    return new AttributeValue.M(m);
                }
                case L: {
                    int n = varint();
                    List<AttributeValue> l = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        l.add(value());
                    }
                    return new AttributeValue.L(l);
                }
                case SS: {
                    int n = varint();
                    LinkedHashSet<String> s = new LinkedHashSet<>(n * 2);
                    for (int i = 0; i < n; i++) {
                        s.add(string());
                    }
                    return new AttributeValue.SS(s);
                }
                case NS: {
                    int n = varint();
                    LinkedHashSet<BigDecimal> s = new LinkedHashSet<>(n * 2);
                    for (int i = 0; i < n; i++) {
                        s.add(new BigDecimal(string()));
                    }
                    return new AttributeValue.NS(s);
                }
                case BS: {
                    int n = varint();
                    LinkedHashSet<ByteBuffer> s = new LinkedHashSet<>(n * 2);
                    for (int i = 0; i < n; i++) {
                        s.add(ByteBuffer.wrap(bytes()));
                    }
                    return new AttributeValue.BS(s);
                }
                default:
                    throw new IllegalStateException("corrupt item encoding, tag " + tag);
            }
        }
    }
}
