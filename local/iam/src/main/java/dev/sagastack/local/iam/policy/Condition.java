package dev.sagastack.local.iam.policy;

import dev.sagastack.local.iam.AuthorizationRequest;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * One condition of a statement: an operator, a key and the policy's values ("IAM JSON policy
 * elements: Condition operators" and "Single-valued vs. multivalued context keys"). Without a set
 * qualifier a condition on a missing key is false (true with IfExists); positive operators match
 * when any policy value matches, negated ones when none does. ForAllValues is true when every
 * request value matches (or the key is absent or empty); ForAnyValue when at least one does.
 */
public record Condition(String operatorText, Base base, SetQualifier qualifier, boolean ifExists, String key,
                        List<String> values) {

    public enum SetQualifier { NONE, FOR_ALL_VALUES, FOR_ANY_VALUE }

    public enum Base {
        STRING_EQUALS(false), STRING_NOT_EQUALS(true), STRING_EQUALS_IGNORE_CASE(false),
        STRING_NOT_EQUALS_IGNORE_CASE(true), STRING_LIKE(false), STRING_NOT_LIKE(true),
        ARN_EQUALS(false), ARN_NOT_EQUALS(true), ARN_LIKE(false), ARN_NOT_LIKE(true),
        NUMERIC_EQUALS(false), NUMERIC_NOT_EQUALS(true), NUMERIC_LESS_THAN(false),
        NUMERIC_LESS_THAN_EQUALS(false), NUMERIC_GREATER_THAN(false), NUMERIC_GREATER_THAN_EQUALS(false),
        BOOL(false), NULL(false);

        final boolean negated;

        Base(boolean negated) {
            this.negated = negated;
        }

        static Base of(String name) {
            return switch (name) {
                case "StringEquals" -> STRING_EQUALS;
                case "StringNotEquals" -> STRING_NOT_EQUALS;
                case "StringEqualsIgnoreCase" -> STRING_EQUALS_IGNORE_CASE;
                case "StringNotEqualsIgnoreCase" -> STRING_NOT_EQUALS_IGNORE_CASE;
                case "StringLike" -> STRING_LIKE;
                case "StringNotLike" -> STRING_NOT_LIKE;
                case "ArnEquals" -> ARN_EQUALS;
                case "ArnNotEquals" -> ARN_NOT_EQUALS;
                case "ArnLike" -> ARN_LIKE;
                case "ArnNotLike" -> ARN_NOT_LIKE;
                case "NumericEquals" -> NUMERIC_EQUALS;
                case "NumericNotEquals" -> NUMERIC_NOT_EQUALS;
                case "NumericLessThan" -> NUMERIC_LESS_THAN;
                case "NumericLessThanEquals" -> NUMERIC_LESS_THAN_EQUALS;
                case "NumericGreaterThan" -> NUMERIC_GREATER_THAN;
                case "NumericGreaterThanEquals" -> NUMERIC_GREATER_THAN_EQUALS;
                case "Bool" -> BOOL;
                case "Null" -> NULL;
                default -> throw new PolicyParseException("condition operator '" + name + "' is not supported");
            };
        }
    }

    public static Condition parse(String operator, String key, List<String> values) {
        String rest = operator;
        SetQualifier qualifier = SetQualifier.NONE;
        if (rest.startsWith("ForAllValues:")) {
            qualifier = SetQualifier.FOR_ALL_VALUES;
            rest = rest.substring("ForAllValues:".length());
        } else if (rest.startsWith("ForAnyValue:")) {
            qualifier = SetQualifier.FOR_ANY_VALUE;
            rest = rest.substring("ForAnyValue:".length());
        }
        boolean ifExists = rest.endsWith("IfExists") && !rest.equals("IfExists");
        if (ifExists) {
            rest = rest.substring(0, rest.length() - "IfExists".length());
        }
        Base base = Base.of(rest);
        if (base == Base.NULL && (ifExists || qualifier != SetQualifier.NONE)) {
            throw new PolicyParseException("condition operator '" + operator + "' is not valid");
        }
        for (String v : values) {
            if (base.name().startsWith("NUMERIC")) {
                number(v, operator);
            }
        }
        return new Condition(operator, base, qualifier, ifExists, key, List.copyOf(values));
    }

    public boolean holds(AuthorizationRequest request) {
        boolean present = request.has(key);
        List<String> actual = request.values(key);
        if (base == Base.NULL) {
            boolean wantsAbsent = values.stream().anyMatch(v -> v.equalsIgnoreCase("true"));
            return wantsAbsent != present;
        }
        switch (qualifier) {
            case FOR_ALL_VALUES:
                return actual.stream().allMatch(this::valueMatches);
            case FOR_ANY_VALUE:
                return actual.stream().anyMatch(this::valueMatches);
            default:
                if (!present || actual.isEmpty()) {
                    return ifExists;
                }
                return actual.stream().anyMatch(this::valueMatches);
        }
    }

    /** Whether one request value satisfies the operator against the policy's values. */
    private boolean valueMatches(String actual) {
        boolean any = false;
        for (String expected : values) {
            if (positiveMatch(expected, actual)) {
                any = true;
                break;
            }
        }
        return base.negated != any;
    }

    private boolean positiveMatch(String expected, String actual) {
        return switch (base) {
            case STRING_EQUALS, STRING_NOT_EQUALS -> expected.equals(actual);
            case STRING_EQUALS_IGNORE_CASE, STRING_NOT_EQUALS_IGNORE_CASE -> expected.equalsIgnoreCase(actual);
            case STRING_LIKE, STRING_NOT_LIKE -> Wildcards.matches(expected, actual, false);
            case ARN_EQUALS, ARN_NOT_EQUALS, ARN_LIKE, ARN_NOT_LIKE -> Wildcards.arnMatches(expected, actual);
            case BOOL -> expected.toLowerCase(Locale.ROOT).equals(actual.toLowerCase(Locale.ROOT));
            case NUMERIC_EQUALS, NUMERIC_NOT_EQUALS -> numeric(actual, expected, c -> c == 0);
            case NUMERIC_LESS_THAN -> numeric(actual, expected, c -> c < 0);
            case NUMERIC_LESS_THAN_EQUALS -> numeric(actual, expected, c -> c <= 0);
            case NUMERIC_GREATER_THAN -> numeric(actual, expected, c -> c > 0);
            case NUMERIC_GREATER_THAN_EQUALS -> numeric(actual, expected, c -> c >= 0);
            case NULL -> false;
        };
    }

    // A request value that is not a number never satisfies a numeric comparison.
    private static boolean numeric(String actual, String expected, IntPredicate test) {
        try {
            return test.test(new BigDecimal(actual).compareTo(new BigDecimal(expected)));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static BigDecimal number(String v, String operator) {
        try {
            return new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new PolicyParseException("condition " + operator + " needs numbers, got '" + v + "'");
        }
    }

    @Override
    public String toString() {
        return operatorText + " " + key + " " + values;
    }
}
