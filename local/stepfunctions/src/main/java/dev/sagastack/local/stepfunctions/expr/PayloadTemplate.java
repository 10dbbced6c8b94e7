package dev.sagastack.local.stepfunctions.expr;

import dev.sagastack.local.stepfunctions.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSONPath payload template (Parameters, ResultSelector, ItemSelector, Assign of JSONPath states):
 * fields whose name ends in {@code .$} take their value from a path or an intrinsic function call.
 * Parts without such fields are kept as constants and returned as they are.
 */
public abstract class PayloadTemplate {
    /** Evaluates against the context; {@code $} is {@code ctx.input}. */
    public abstract Object evaluate(EvalContext ctx);

    public abstract boolean isConstant();

    /**
     * Compiles a template; throws {@link IllegalArgumentException} with a message naming the field
     * when a {@code .$} value is not a valid path or intrinsic call.
     */
    public static PayloadTemplate compile(Object value) {
        if (value instanceof Map) {
            Map<String, Object> m = Json.asObject(value);
            List<String> names = new ArrayList<>();
            List<Object> nodes = new ArrayList<>();
            boolean constant = true;
            for (Map.Entry<String, Object> e : m.entrySet()) {
                String key = e.getKey();
                if (key.endsWith(".$")) {
                    names.add(key.substring(0, key.length() - 2));
                    nodes.add(dynamic(key, e.getValue()));
                    constant = false;
                } else {
                    PayloadTemplate t = compile(e.getValue());
                    names.add(key);
                    nodes.add(t);
                    constant &= t.isConstant();
                }
            }
            if (constant) {
                return new Constant(value);
            }
            return new ObjectTemplate(names.toArray(new String[0]), nodes.toArray());
        }
        if (value instanceof List) {
            List<Object> l = Json.asArray(value);
            List<PayloadTemplate> items = new ArrayList<>();
            boolean constant = true;
            for (Object o : l) {
                PayloadTemplate t = compile(o);
                items.add(t);
                constant &= t.isConstant();
            }
            return constant ? new Constant(value) : new ArrayTemplate(items);
        }
        return new Constant(value);
    }

    static Object dynamic(String field, Object expr) {
        if (!(expr instanceof String)) {
            throw new IllegalArgumentException("The value for the field '" + field
                    + "' must be a valid JSONPath or a valid intrinsic function call");
        }
        String s = (String) expr;
        try {
            if (Intrinsic.looksLikeCall(s)) {
                return Intrinsic.parse(s);
            }
            return PathExpr.compile(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The value for the field '" + field
                    + "' must be a valid JSONPath or a valid intrinsic function call");
        }
    }

    /** Evaluates one {@code "field.$"} value (a path or intrinsic call). */
    static Object evalDynamic(Object node, String field, EvalContext ctx) {
        if (node instanceof PathExpr) {
            return Paths.readForField((PathExpr) node, ctx, field + ".$");
        }
        return ((Intrinsic) node).evaluate(ctx, field + ".$");
    }

    private static final class Constant extends PayloadTemplate {
        final Object value;

        Constant(Object value) {
            this.value = value;
        }

        @Override
        public Object evaluate(EvalContext ctx) {
            return value;
        }

        @Override
        public boolean isConstant() {
            return true;
        }
    }

    private static final class ObjectTemplate extends PayloadTemplate {
        final String[] names;
        final Object[] nodes;

        ObjectTemplate(String[] names, Object[] nodes) {
            this.names = names;
            this.nodes = nodes;
        }

        @Override
        public Object evaluate(EvalContext ctx) {
            Map<String, Object> out = new LinkedHashMap<>(names.length * 2);
            for (int i = 0; i < names.length; i++) {
                Object n = nodes[i];
                Object v = n instanceof PayloadTemplate ? ((PayloadTemplate) n).evaluate(ctx)
                        : evalDynamic(n, names[i], ctx);
                out.put(names[i], v);
            }
            return out;
        }

        @Override
        public boolean isConstant() {
            return false;
        }
    }

    private static final class ArrayTemplate extends PayloadTemplate {
        final List<PayloadTemplate> items;

        ArrayTemplate(List<PayloadTemplate> items) {
            this.items = items;
        }

        @Override
        public Object evaluate(EvalContext ctx) {
            List<Object> out = new ArrayList<>(items.size());
            for (PayloadTemplate t : items) {
                out.add(t.evaluate(ctx));
            }
            return out;
        }

        @Override
        public boolean isConstant() {
            return false;
        }
    }
}
