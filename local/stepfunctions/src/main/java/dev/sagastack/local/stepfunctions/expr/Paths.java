package dev.sagastack.local.stepfunctions.expr;

import com.jayway.jsonpath.InvalidPathException;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes ASL paths with the error texts AWS reports (all States.Runtime). */
public final class Paths {
    private Paths() {
    }

    private static Object root(PathExpr p, EvalContext ctx) {
        switch (p.root()) {
            case CONTEXT:
                return ctx.context();
            case VARIABLE: {
                Object v = ctx.variables == null ? null : ctx.variables.get(p.variable());
                if (v == null) {
                    throw new UndefinedVariable(p.variable());
                }
                return v;
            }
            default:
                return ctx.input;
        }
    }

    /** For InputPath, OutputPath, ItemsPath and the like: "Invalid path '...' : No results for path...". */
    public static Object read(PathExpr p, EvalContext ctx) {
        try {
            return p.read(root(p, ctx));
        } catch (InvalidPathException e) {
            throw new EvaluationException("States.Runtime",
                    ctx.errorPrefix() + "Invalid path '" + p.text() + "' : " + e.getMessage(), null);
        } catch (UndefinedVariable e) {
            throw new EvaluationException("States.Runtime",
                    ctx.errorPrefix() + "Invalid path '" + p.text() + "' : The variable '$" + e.name
                            + "' is not defined", null);
        }
    }

    /** For a {@code "field.$"} of a payload template. */
    public static Object readForField(PathExpr p, EvalContext ctx, String field) {
        try {
            return p.read(root(p, ctx));
        } catch (InvalidPathException | UndefinedVariable e) {
            throw new EvaluationException("States.Runtime",
                    ctx.errorPrefix() + "The JSONPath '" + p.text() + "' specified for the field '" + field
                            + "' could not be found in the input '" + Json.write(ctx.input) + "'", null);
        }
    }

    private static final class UndefinedVariable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String name;

        UndefinedVariable(String name) {
            super(name, null, false, false);
            this.name = name;
        }
    }

    /**
     * Applies a ResultPath: returns a copy of {@code input} with {@code value} placed at the path,
     * creating missing objects on the way. The path must be a reference path into the input.
     */
    public static Object set(PathExpr p, Object input, Object value, EvalContext ctx) {
        Object[] steps = p.steps();
        if (steps == null || p.root() != PathExpr.Root.INPUT) {
            throw new EvaluationException("States.Runtime", ctx.errorPrefix() + "Invalid path '" + p.text()
                    + "' : the ResultPath must be a reference path", null);
        }
        if (steps.length == 0) {
            return value;
        }
        return setAt(p, input, steps, 0, value, ctx);
    }

    private static Object setAt(PathExpr p, Object node, Object[] steps, int i, Object value, EvalContext ctx) {
        Object step = steps[i];
        boolean last = i == steps.length - 1;
        if (step instanceof String) {
            Map<String, Object> copy;
            if (node instanceof Map) {
                copy = new LinkedHashMap<>(Json.asObject(node));
            } else if (node == null) {
                copy = new LinkedHashMap<>();
            } else {
                throw resultPathFailure(p, ctx);
            }
            Object child = copy.get(step);
            copy.put((String) step, last ? value : setAt(p, child, steps, i + 1, value, ctx));
            return copy;
        }
        if (!(node instanceof List)) {
            throw resultPathFailure(p, ctx);
        }
        List<Object> list = new ArrayList<>(Json.asArray(node));
        int idx = (Integer) step;
        if (idx >= list.size()) {
            throw resultPathFailure(p, ctx);
        }
        list.set(idx, last ? value : setAt(p, list.get(idx), steps, i + 1, value, ctx));
        return list;
    }

    private static EvaluationException resultPathFailure(PathExpr p, EvalContext ctx) {
        return new EvaluationException("States.ResultPathMatchFailure", ctx.errorPrefix()
                + "Unable to apply ResultPath \"" + p.text() + "\" to input \"" + Json.write(ctx.input) + "\"", null);
    }
}
