package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.Intrinsic;
import dev.sagastack.local.stepfunctions.expr.JsonataExpr;
import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PathExpr;

import java.util.Map;
import java.util.function.Function;

/**
 * Reads a field that may be written in the definition, given by its {@code …Path} variant, or (in
 * JSONata states) be an expression, into one {@link Setting}; null when the field is absent or not
 * valid (reported).
 */
final class SettingReader {
    private final Diagnostics diagnostics;
    private final FieldCompiler fields;

    SettingReader(Diagnostics diagnostics, FieldCompiler fields) {
        this.diagnostics = diagnostics;
        this.fields = fields;
    }

    /** A written integer (positive, or non-negative) or, in JSONata states, an expression. */
    Setting<Integer> integer(StateHeader h, Map<String, Object> m, String field, String loc, boolean positive) {
        if (!m.containsKey(field)) {
            return null;
        }
        String at = loc + "/" + field;
        return numberOrExpression(h, m, field, loc, v -> positive ? fields.positiveInt(v, at) : fields.nonNegativeInt(v, at));
    }

    /** {@link #integer} or, when given, its {@code …Path}. */
    Setting<Integer> integerOrPath(StateHeader h, Map<String, Object> m, String field, String loc, boolean positive) {
        return withPath(m, field, loc, integer(h, m, field, loc, positive));
    }

    /** Map's ToleratedFailurePercentage (0 to 100) or its {@code …Path}. */
    Setting<Double> percentageOrPath(StateHeader h, Map<String, Object> m, String field, String loc) {
        Setting<Double> written = null;
        if (m.containsKey(field)) {
            written = numberOrExpression(h, m, field, loc, v -> {
                if (v instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 100) {
                    return n.doubleValue();
                }
                diagnostics.schema("The value should be a number between 0 and 100", loc + "/" + field);
                return null;
            });
        }
        return withPath(m, field, loc, written);
    }

    /**
     * An expression when a JSONata state gives one, else the written value. An expression that does
     * not compile is reported, and then read as a written value too.
     */
    private <T> Setting<T> numberOrExpression(StateHeader h, Map<String, Object> m, String field, String loc,
                                              Function<Object, T> written) {
        Object v = m.get(field);
        if (h.jsonata() && JsonataExpr.isExpression(v)) {
            JsonataTemplate expression = fields.jsonataValue(v, field, loc + "/" + field);
            if (expression != null) {
                return new Setting.FromExpression<>(expression);
            }
        }
        T value = written.apply(v);
        return value == null ? null : new Setting.Fixed<>(value);
    }

    /** Wait's Timestamp (RFC 3339, or an expression in JSONata states) or its TimestampPath. */
    Setting<String> timestampOrPath(StateHeader h, Map<String, Object> m, String loc) {
        return withPath(m, "Timestamp", loc, timestamp(h, m, loc));
    }

    private Setting<String> timestamp(StateHeader h, Map<String, Object> m, String loc) {
        if (!m.containsKey("Timestamp")) {
            return null;
        }
        Object t = m.get("Timestamp");
        if (h.jsonata() && JsonataExpr.isExpression(t)) {
            JsonataTemplate expression = fields.jsonataValue(t, "Timestamp", loc + "/Timestamp");
            return expression == null ? null : new Setting.FromExpression<>(expression);
        }
        if (!(t instanceof String text) || ChoiceTimestamps.parse(text) == null) {
            diagnostics.schema("String does not match RFC3339 timestamp", loc + "/Timestamp");
            return null;
        }
        return new Setting.Fixed<>(text);
    }

    /** The {@code …Path} of {@code field} when the state gives it, else {@code written}. */
    <T> Setting<T> withPath(Map<String, Object> m, String field, String loc, Setting<T> written) {
        String pathField = field + "Path";
        if (!m.containsKey(pathField)) {
            return written;
        }
        PathExpr p = fields.path(m.get(pathField), pathField, loc);
        return p == null ? null : new Setting.FromPath<>(p);
    }

    /** Fail's Error or Cause in a JSONata state: a string or an expression. */
    Setting<String> expression(Map<String, Object> m, String field, String loc) {
        JsonataTemplate t = fields.jsonata(m, field, loc);
        return t == null ? null : new Setting.FromExpression<>(t);
    }

    /** Fail's Error or Cause in a JSONPath state: the string, or its …Path (a path or an intrinsic function). */
    Setting<String> text(Map<String, Object> m, String field, String loc) {
        String pathField = field + "Path";
        if (m.containsKey(pathField)) {
            Setting<String> fromPath = pathOrIntrinsic(m.get(pathField), pathField, loc);
            if (fromPath != null) {
                return fromPath;
            }
        }
        return m.get(field) instanceof String text ? new Setting.Fixed<>(text) : null;
    }

    private Setting<String> pathOrIntrinsic(Object v, String field, String loc) {
        if (v instanceof String text) {
            try {
                return Intrinsic.looksLikeCall(text) ? new Setting.FromIntrinsic<>(Intrinsic.parse(text))
                        : new Setting.FromPath<>(PathExpr.compile(text));
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        diagnostics.schema("The value for the field '" + field + "' must be a valid JSONPath or a valid intrinsic function call",
                loc + "/" + field);
        return null;
    }
}
