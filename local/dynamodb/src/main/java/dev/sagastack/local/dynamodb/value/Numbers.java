package dev.sagastack.local.dynamodb.value;

import java.math.BigDecimal;

/**
 * DynamoDB's number rules: up to 38 significant digits, magnitude between 1E-130 and
 * 9.9999999999999999999999999999999999999E+125, or zero.
 */
public final class Numbers {

    public static final int MAX_PRECISION = 38;
    private static final BigDecimal MAX = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    private static final BigDecimal MIN_POSITIVE = new BigDecimal("1E-130");

    private Numbers() {
    }

    /**
     * Parses a number as DynamoDB accepts it.
     *
     * @throws NumberRuleException with DynamoDB's message when the text is not a valid number
     */
    public static BigDecimal parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new NumberRuleException("The parameter cannot be converted to a numeric value");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new NumberRuleException("The parameter cannot be converted to a numeric value: " + text);
        }
        return check(value);
    }

    /** Validates magnitude and precision of a computed or parsed number and returns it canonical. */
    public static BigDecimal check(BigDecimal value) {
        BigDecimal canonical = canonical(value);
        if (canonical.signum() == 0) {
            return canonical;
        }
        if (canonical.precision() > MAX_PRECISION) {
            throw new NumberRuleException("Attempting to store more than 38 significant digits in a Number");
        }
        BigDecimal abs = canonical.abs();
        if (abs.compareTo(MAX) > 0) {
            throw new NumberRuleException("Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (abs.compareTo(MIN_POSITIVE) < 0) {
            throw new NumberRuleException("Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return canonical;
    }

    /** Strips trailing zeros so that numerically equal values are equal objects. */
    public static BigDecimal canonical(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return value.stripTrailingZeros();
    }

    /** Formats a number the way DynamoDB returns it: plain digits, no exponent, no trailing zeros. */
    public static String format(BigDecimal value) {
        return canonical(value).toPlainString();
    }

    /** A number that breaks DynamoDB's rules; the message is DynamoDB's. */
    public static final class NumberRuleException extends RuntimeException {
        public NumberRuleException(String message) {
            super(message);
        }
    }
}
