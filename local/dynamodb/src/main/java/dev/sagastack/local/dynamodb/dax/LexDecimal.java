package dev.sagastack.local.dynamodb.dax;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;

/**
 * The order-preserving number encoding DAX uses for numeric sort keys inside an encoded item key: a
 * header byte carrying sign and decimal exponent, then the significand in base-1000 digits packed ten
 * bits each (offset by 12, complemented for negatives), ending in a terminator digit that says how many
 * decimal digits the last group holds.
 */
final class LexDecimal {

    private static final BigInteger THOUSAND = BigInteger.valueOf(1000);

    private LexDecimal() {
    }

    static void encode(BigDecimal value, ByteArrayOutputStream out) {
        BigInteger unscaled = value.unscaledValue();
        if (unscaled.signum() == 0) {
            out.write(0x80);
            return;
        }
        int precision = value.precision();
        int exponent = precision - value.scale();
        boolean negative = unscaled.signum() < 0;
        if (negative) {
            if (exponent >= -0x3e && exponent < 0x3e) {
                out.write(0x3f - exponent);
            } else {
                out.write(exponent < 0 ? 0x7e : 0x01);
                int4(exponent ^ 0x7fffffff, out);
            }
        } else {
            if (exponent >= -0x3e && exponent < 0x3e) {
                out.write(exponent + 0xc0);
            } else {
                out.write(exponent < 0 ? 0x81 : 0xfe);
                int4(exponent ^ 0x80000000, out);
            }
        }
        int terminator;
        BigInteger val = unscaled;
        switch (precision % 3) {
            case 1 -> {
                terminator = 0;
                val = val.multiply(BigInteger.valueOf(100));
            }
            case 2 -> {
                terminator = 1;
                val = val.multiply(BigInteger.TEN);
            }
            default -> terminator = 2;
        }
        int digitAdjust = 12;
        if (negative) {
            digitAdjust = 999 + 12;
            terminator = 1023 - terminator;
        }
        // base-1000 digits, most significant first (remainders of a negative value are negative)
        ArrayDeque<Integer> digits = new ArrayDeque<>();
        digits.addFirst(terminator);
        while (val.signum() != 0) {
            BigInteger[] qr = val.divideAndRemainder(THOUSAND);
            digits.addFirst(qr[1].intValue() + digitAdjust);
            val = qr[0];
        }
        int accum = 0;
        int bits = 0;
        for (int d : digits) {
            accum = (accum << 10) | d;
            bits += 10;
            do {
                bits -= 8;
                out.write((accum >> bits) & 0xff);
            } while (bits >= 8);
            accum &= (1 << bits) - 1;
        }
        if (bits != 0) {
            out.write((accum << (8 - bits)) & 0xff);
        }
    }

    private static void int4(int v, ByteArrayOutputStream out) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    static BigDecimal decode(byte[] b, int offset) {
        int pos = offset;
        int header = b[pos++] & 0xff;
        int digitAdjust;
        int exponent;
        switch (header) {
            case 0x7f, 0x80 -> {
                return BigDecimal.ZERO;
            }
            case 0x01, 0x7e -> {
                digitAdjust = 999 + 12;
                exponent = readInt4(b, pos) ^ 0x7fffffff;
                pos += 4;
            }
            case 0x81, 0xfe -> {
                digitAdjust = 12;
                exponent = readInt4(b, pos) ^ 0x80000000;
                pos += 4;
            }
            default -> {
                if (header >= 0x82) {
                    digitAdjust = 12;
                    exponent = header - 0xc0;
                } else {
                    digitAdjust = 999 + 12;
                    exponent = 0x3f - header;
                }
            }
        }
        int precision = 0;
        long accum = 0;
        int bits = 0;
        BigInteger unscaled = null;
        BigInteger last = null;
        while (true) {
            accum = (accum << 8) | (b[pos++] & 0xff);
            bits += 8;
            if (bits < 10) {
                continue;
            }
            int digit = (int) ((accum >> (bits - 10)) & 0x3ff);
            if (digit == 0 || digit == 1023 || digit == 1 || digit == 1022 || digit == 2 || digit == 1021) {
                int groupDigits = digit == 0 || digit == 1023 ? 1 : digit == 1 || digit == 1022 ? 2 : 3;
                BigInteger part = groupDigits == 1 ? last.divide(BigInteger.valueOf(100))
                        : groupDigits == 2 ? last.divide(BigInteger.TEN) : last;
                unscaled = unscaled == null ? part
                        : unscaled.multiply(BigInteger.TEN.pow(groupDigits)).add(part);
                precision += groupDigits;
                break;
            }
            if (last != null) {
                unscaled = unscaled == null ? last : unscaled.multiply(THOUSAND).add(last);
                precision += 3;
            }
            bits -= 10;
            accum &= (1L << bits) - 1;
            last = BigInteger.valueOf(digit - digitAdjust);
        }
        return new BigDecimal(unscaled, precision - exponent);
    }

    private static int readInt4(byte[] b, int pos) {
        return ((b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
    }
}
