package dev.sagastack.local.dynamodb.engine;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Item size as DynamoDB counts it ("Item sizes and formats" in the developer guide): attribute
 * names in UTF-8 plus values; strings in UTF-8, binaries raw, numbers 1 byte per two significant
 * digits plus 1, BOOL and NULL 1 byte, lists and maps 3 bytes plus 1 byte per element.
 */
public final class ItemSize {

    public static final int MAX_ITEM_SIZE = 400 * 1024;

    private ItemSize() {
    }

    public static int of(Item item) {
        int size = 0;
        for (Map.Entry<String, AttributeValue> e : item.attributes().entrySet()) {
            size += utf8Length(e.getKey()) + of(e.getValue());
        }
        return size;
    }

    public static int of(AttributeValue v) {
        switch (v.type()) {
            case S:
                return utf8Length(((AttributeValue.S) v).value());
            case N:
                return numberSize(((AttributeValue.N) v).value());
            case B:
                return ((AttributeValue.B) v).value().remaining();
            case BOOL:
            case NULL:
                return 1;
            case SS: {
                int size = 0;
                for (String s : ((AttributeValue.SS) v).value()) {
                    size += utf8Length(s);
                }
                return size;
            }
            case NS: {
                int size = 0;
                for (BigDecimal d : ((AttributeValue.NS) v).value()) {
                    size += numberSize(d);
                }
                return size;
            }
            case BS: {
                int size = 0;
                for (ByteBuffer b : ((AttributeValue.BS) v).value()) {
                    size += b.remaining();
                }
                return size;
            }
            case L: {
                int size = 3;
                for (AttributeValue e : ((AttributeValue.L) v).value()) {
                    size += 1 + of(e);
                }
                return size;
            }
            case M: {
                int size = 3;
                for (Map.Entry<String, AttributeValue> e : ((AttributeValue.M) v).value().entrySet()) {
                    size += 1 + utf8Length(e.getKey()) + of(e.getValue());
                }
                return size;
            }
            default:
                throw new IllegalStateException();
        }
    }

    static int numberSize(BigDecimal d) {
        if (d.signum() == 0) {
            return 1;
        }
        BigDecimal c = d.stripTrailingZeros();
        int digits = c.precision();
        int exponent = digits - c.scale() - 1;
        // Digits are stored in base-100 pairs aligned on the exponent's parity.
        int size = 1 + (digits + 1) / 2 + ((digits % 2 == 0 && exponent % 2 == 0) ? 1 : 0);
        return size + (d.signum() < 0 ? 1 : 0);
    }

    public static int utf8Length(String s) {
        int len = s.length();
        int n = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
