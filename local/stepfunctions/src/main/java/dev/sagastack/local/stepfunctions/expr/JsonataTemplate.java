package dev.sagastack.local.stepfunctions.expr;

import dev.sagastack.local.stepfunctions.json.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A JSONata-state field value (Arguments, Output, Assign, Items, ...): any JSON value in which
 * strings of the form {@code {% expr %}} are evaluated, at any depth.
 */
public abstract class JsonataTemplate {
    public abstract Object evaluate(EvalContext ctx, Supplier<Instant> clock);

    /** Compiles; throws {@link IllegalArgumentException} naming the JSON location of a bad expression. */
    public static JsonataTemplate compile(Object value, String field) {
        if (JsonataExpr.isExpression(value)) {
            JsonataExpr e;
            try {
                e = JsonataExpr.compile((String) value);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(field + ": " + ex.getMessage(), ex);
            }
            return new Expression(e, field);
        }
        if (value instanceof Map) {
            Map<String, Object> m = Json.asObject(value);
            List<String> names = new ArrayList<>();
            List<JsonataTemplate> parts = new ArrayList<>();
            boolean constant = true;
            for (Map.Entry<String, Object> e : m.entrySet()) {
                JsonataTemplate t = compile(e.getValue(), field + "/" + e.getKey());
                names.add(e.getKey());
                parts.add(t);
                constant &= t instanceof Constant;
            }
            return constant ? new Constant(value) : new ObjectT(names.toArray(new String[0]),
                    parts.toArray(new JsonataTemplate[0]));
        }
        if (value instanceof List) {
            List<Object> l = Json.asArray(value);
            List<JsonataTemplate> parts = new ArrayList<>();
            boolean constant = true;
            for (int i = 0; i < l.size(); i++) {
                JsonataTemplate t = compile(l.get(i), field + "[" + i + "]");
                parts.add(t);
                constant &= t instanceof Constant;
            }
            return constant ? new Constant(value) : new ArrayT(parts.toArray(new JsonataTemplate[0]));
        }
        return new Constant(value);
    }

    /** The expression when the whole template is one {@code {% %}} string, else null. */
    public JsonataExpr singleExpression() {
        return this instanceof Expression ? ((Expression) this).expr : null;
    }

    public boolean isConstant() {
        return this instanceof Constant;
    }

    private static final class Constant extends JsonataTemplate {
        final Object value;

        Constant(Object value) {
            this.value = value;
        }

        @Override
        public Object evaluate(EvalContext ctx, Supplier<Instant> clock) {
            return value;
        }
    }

    private static final class Expression extends JsonataTemplate {
        final JsonataExpr expr;
        final String field;

        Expression(JsonataExpr expr, String field) {
            this.expr = expr;
            this.field = field;
        }

        @Override
        public Object evaluate(EvalContext ctx, Supplier<Instant> clock) {
            return expr.evaluate(ctx, field, clock);
        }
    }

    private static final class ObjectT extends JsonataTemplate {
        final String[] names;
        final JsonataTemplate[] parts;

        ObjectT(String[] names, JsonataTemplate[] parts) {
            this.names = names;
            this.parts = parts;
        }

        @Override
        public Object evaluate(EvalContext ctx, Supplier<Instant> clock) {
            Map<String, Object> out = new LinkedHashMap<>(names.length * 2);
            for (int i = 0; i < names.length; i++) {
                out.put(names[i], parts[i].evaluate(ctx, clock));
            }
            return out;
        }
    }

    private static final class ArrayT extends JsonataTemplate {
        final JsonataTemplate[] parts;

        ArrayT(JsonataTemplate[] parts) {
            this.parts = parts;
        }

        @Override
        public Object evaluate(EvalContext ctx, Supplier<Instant> clock) {
            List<Object> out = new ArrayList<>(parts.length);
            for (JsonataTemplate p : parts) {
                out.add(p.evaluate(ctx, clock));
            }
            return out;
        }
    }
}
