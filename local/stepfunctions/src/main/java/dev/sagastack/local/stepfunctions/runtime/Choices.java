package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.asl.ChoiceRule;
import dev.sagastack.local.stepfunctions.asl.ChoiceTimestamps;
import dev.sagastack.local.stepfunctions.asl.Setting;
import dev.sagastack.local.stepfunctions.expr.EvalContext;
import dev.sagastack.local.stepfunctions.expr.EvaluationException;
import dev.sagastack.local.stepfunctions.expr.PathExpr;
import dev.sagastack.local.stepfunctions.expr.Paths;
import dev.sagastack.local.stepfunctions.json.Json;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;

/** JSONPath Choice rules: And/Or/Not and every comparison operator, including the *Path and Is* forms. */
final class Choices {
    private Choices() {
    }

    static boolean matches(ChoiceRule r, Object input, EvalContext ctx) {
        if (r instanceof ChoiceRule.And and) {
            for (ChoiceRule c : and.rules()) {
                if (!matches(c, input, ctx)) {
                    return false;
                }
            }
            return true;
        }
        if (r instanceof ChoiceRule.Or or) {
            for (ChoiceRule c : or.rules()) {
                if (matches(c, input, ctx)) {
                    return true;
                }
            }
            return false;
        }
        if (r instanceof ChoiceRule.Not not) {
            return !matches(not.rule(), input, ctx);
        }
        return compare((ChoiceRule.Comparison) r, input, ctx);
    }

    private static Object read(PathExpr p, Object input, EvalContext ctx) {
        ctx.input = input;
        try {
            Object v = Paths.read(p, ctx);
            // an indefinite path that matched nothing is "not present"
            if (!p.isDefinite() && v instanceof List && ((List<?>) v).isEmpty()) {
                return null;
            }
            return v;
        } catch (EvaluationException e) {
            return null;
        }
    }

    private static boolean compare(ChoiceRule.Comparison r, Object input, EvalContext ctx) {
        Object v = read(r.variable(), input, ctx);
        String op = r.operator();
        PathExpr operandPath = r.operand() instanceof Setting.FromPath<Object> p ? p.path() : null;
        Object fixed = r.operand() instanceof Setting.Fixed<Object> f ? f.value() : null;
        if (op.equals("IsPresent")) {
            return (v != null) == Boolean.TRUE.equals(fixed);
        }
        if (v == null) {
            throw new EvaluationException(Failure.RUNTIME, ctx.errorPrefix() + "Invalid path '" + r.variable().text()
                    + "': The choice state's condition path references an invalid value.", null);
        }
        boolean expect = Boolean.TRUE.equals(fixed);
        switch (op) {
            case "IsNull":
                return (v == Json.NULL) == expect;
            case "IsNumeric":
                return (v instanceof Number) == expect;
            case "IsString":
                return (v instanceof String) == expect;
            case "IsBoolean":
                return (v instanceof Boolean) == expect;
            case "IsTimestamp":
                return (v instanceof String && ChoiceTimestamps.parse((String) v) != null) == expect;
            default:
                break;
        }
        Object operand = operandPath != null ? read(operandPath, input, ctx) : fixed;
        if (operandPath != null && operand == null) {
            throw new EvaluationException(Failure.RUNTIME, ctx.errorPrefix() + "Invalid path '" + operandPath.text()
                    + "': The choice state's condition path references an invalid value.", null);
        }
        if (op.startsWith("String")) {
            if (!(v instanceof String) || !(operand instanceof String)) {
                return false;
            }
            String a = (String) v;
            String b = (String) operand;
            switch (op) {
                case "StringEquals":
                    return a.equals(b);
                case "StringLessThan":
                    return a.compareTo(b) < 0;
                case "StringGreaterThan":
                    return a.compareTo(b) > 0;
                case "StringLessThanEquals":
                    return a.compareTo(b) <= 0;
                case "StringGreaterThanEquals":
                    return a.compareTo(b) >= 0;
                case "StringMatches":
                    return globMatches(b, a);
                default:
                    return false;
            }
        }
        if (op.startsWith("Numeric")) {
            if (!(v instanceof Number) || !(operand instanceof Number)) {
                return false;
            }
            int c = Json.compareNumbers((Number) v, (Number) operand);
            return ordered(op.substring("Numeric".length()), c);
        }
        if (op.startsWith("Boolean")) {
            return v instanceof Boolean && operand instanceof Boolean && v.equals(operand);
        }
        if (op.startsWith("Timestamp")) {
            OffsetDateTime a = v instanceof String ? ChoiceTimestamps.parse((String) v) : null;
            OffsetDateTime b = operand instanceof String ? ChoiceTimestamps.parse((String) operand) : null;
            if (a == null || b == null) {
                return false;
            }
            return ordered(op.substring("Timestamp".length()), a.toInstant().compareTo(b.toInstant()));
        }
        return false;
    }

    private static boolean ordered(String rel, int c) {
        switch (rel) {
            case "Equals":
                return c == 0;
            case "LessThan":
                return c < 0;
            case "GreaterThan":
                return c > 0;
            case "LessThanEquals":
                return c <= 0;
            case "GreaterThanEquals":
                return c >= 0;
            default:
                return false;
        }
    }

    /** StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} are literal. */
    static boolean globMatches(String pattern, String s) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                re.append(".*");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(s).matches();
    }
}
