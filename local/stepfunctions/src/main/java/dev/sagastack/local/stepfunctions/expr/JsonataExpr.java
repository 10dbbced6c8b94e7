package dev.sagastack.local.stepfunctions.expr;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.json.JsonException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One compiled JSONata expression from a {@code {% ... %}} string, with Step Functions' reserved
 * {@code $states} variable, workflow variables, and AWS's extra functions ($partition, $range,
 * $hash, $random, $uuid, $parse) from "Transforming data with JSONata in Step Functions".
 * Compiled once per definition; evaluation is thread-safe.
 */
public final class JsonataExpr {
    private static final Pattern NAME = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Set<String> PER_EVALUATION = Set.of("random", "uuid", "now", "millis");

    private final String source;
    private final Jsonata compiled;
    private final String[] names; // $names mentioned in the text, to bind only what is used
    private final boolean usesPerEvaluationFunctions;
    private final boolean mentionsContext;

    private JsonataExpr(String source, Jsonata compiled, String[] names) {
        this.source = source;
        this.compiled = compiled;
        this.names = names;
        boolean per = false;
        for (String n : names) {
            per |= PER_EVALUATION.contains(n);
        }
        this.usesPerEvaluationFunctions = per;
        this.mentionsContext = source.contains("context");
    }

    /** True when the string is a JSONata expression: starts with {% and ends with %}. */
    public static boolean isExpression(Object value) {
        if (!(value instanceof String)) {
            return false;
        }
        String s = (String) value;
        return s.length() >= 4 && s.startsWith("{%") && s.endsWith("%}");
    }

    /** Compiles the text between the delimiters; throws {@link IllegalArgumentException} if it does not parse. */
    public static JsonataExpr compile(String delimited) {
        String src = delimited.substring(2, delimited.length() - 2).trim();
        Jsonata j;
        try {
            j = Jsonata.jsonata(src);
        } catch (JException e) {
            throw new IllegalArgumentException(e.getError() + ": " + e.getMessage(), e);
        }
        if (j.getErrors() != null && !j.getErrors().isEmpty()) {
            throw new IllegalArgumentException(String.valueOf(j.getErrors().get(0).getMessage()));
        }
        j.setValidateInput(false);
        registerPureFunctions(j);
        Set<String> names = new LinkedHashSet<>();
        Matcher m = NAME.matcher(src);
        while (m.find()) {
            names.add(m.group(1));
        }
        return new JsonataExpr(src, j, names.toArray(new String[0]));
    }

    public String source() {
        return source;
    }

    /** Names after {@code $} in the text (variables and functions). */
    public String[] mentionedNames() {
        return names.clone();
    }

    /**
     * Evaluates; returns null for "undefined" (the caller decides whether that is an error).
     * Throws {@link EvaluationException} (States.QueryEvaluationError) when evaluation fails.
     */
    public Object evaluateOrUndefined(EvalContext ctx, String field, Supplier<Instant> clock) {
        Jsonata.Frame frame = compiled.createFrame();
        for (String n : names) {
            if ("states".equals(n)) {
                Map<String, Object> states = new HashMap<>(8);
                states.put("input", ctx.input);
                if (ctx.result != null) {
                    states.put("result", ctx.result);
                }
                if (ctx.errorOutput != null) {
                    states.put("errorOutput", ctx.errorOutput);
                }
                if (mentionsContext) {
                    states.put("context", ctx.context());
                }
                frame.bind("states", states);
            } else if (ctx.variables != null) {
                Object v = ctx.variables.get(n);
                if (v != null) {
                    frame.bind(n, v);
                }
            }
        }
        if (usesPerEvaluationFunctions) {
            bindPerEvaluationFunctions(frame, ctx.random, clock);
        }
        Object result;
        try {
            result = compiled.evaluate(null, frame);
        } catch (JException e) {
            throw failure(ctx, field, "threw an error during evaluation. " + e.getError() + ": " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            throw failure(ctx, field, "threw an error during evaluation. " + e.getMessage());
        }
        if (result instanceof Jsonata.JFunction || result instanceof Pattern
                || (result != null && result.getClass().getName().startsWith("com.dashjoin.jsonata.Parser"))) {
            throw failure(ctx, field, "returned an unsupported result type.");
        }
        return normalize(result);
    }

    /** Evaluates; a result of "nothing" is a States.QueryEvaluationError, as in AWS. */
    public Object evaluate(EvalContext ctx, String field, Supplier<Instant> clock) {
        Object r = evaluateOrUndefined(ctx, field, clock);
        if (r == null) {
            throw failure(ctx, field, "returned nothing (undefined).");
        }
        return r;
    }

    EvaluationException failure(EvalContext ctx, String field, String what) {
        return new EvaluationException("States.QueryEvaluationError", ctx.errorPrefix() + "The JSONata expression '"
                + source + "' specified for the field '" + field + "' " + what, field);
    }

    /** Copies JSONata's sequences into plain lists and narrows numbers the way JSON parsing would. */
    @SuppressWarnings("unchecked")
    static Object normalize(Object v) {
        if (v instanceof List) {
            List<Object> l = (List<Object>) v;
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                Object n = normalize(o);
                if (n != null) {
                    out.add(n);
                }
            }
            return out;
        }
        if (v instanceof Map) {
            Map<String, Object> m = (Map<String, Object>) v;
            boolean changed = false;
            for (Object o : m.values()) {
                if (o == null || o instanceof List || o instanceof Map || o instanceof Double) {
                    changed = true;
                    break;
                }
            }
            if (!changed) {
                return m;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : m.entrySet()) {
                Object n = normalize(e.getValue());
                if (n != null) {
                    out.put(e.getKey(), n);
                }
            }
            return out;
        }
        if (v instanceof Double || v instanceof Float) {
            return Json.normalize((Number) v);
        }
        if (v instanceof Number || v instanceof String || v instanceof Boolean || v == Json.NULL || v == null) {
            return v;
        }
        return String.valueOf(v);
    }

    private static void registerPureFunctions(Jsonata j) {
        j.registerFunction("partition", new Jsonata.JFunction((input, args) -> {
            Object a = arg(args, 0);
            Object size = arg(args, 1);
            if (!(a instanceof List) || !(size instanceof Number) || ((Number) size).intValue() <= 0) {
                throw new JException("D3137", -1, "$partition expects an array and a positive chunk size");
            }
            List<Object> arr = Json.asArray(a);
            int n = ((Number) size).intValue();
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < arr.size(); i += n) {
                out.add(new ArrayList<>(arr.subList(i, Math.min(arr.size(), i + n))));
            }
            return out;
        }, null));
        j.registerFunction("range", new Jsonata.JFunction((input, args) -> {
            Object s = arg(args, 0);
            Object e = arg(args, 1);
            Object st = arg(args, 2);
            if (!(s instanceof Number) || !(e instanceof Number) || !(st instanceof Number)
                    || ((Number) st).doubleValue() == 0) {
                throw new JException("D3137", -1, "$range expects numeric start, end and a non-zero step");
            }
            double start = ((Number) s).doubleValue();
            double end = ((Number) e).doubleValue();
            double step = ((Number) st).doubleValue();
            List<Object> out = new ArrayList<>();
            for (double i = start; step > 0 ? i <= end : i >= end; i += step) {
                out.add(Json.normalize(i));
                if (out.size() > 1000) {
                    throw new JException("D3137", -1, "$range produces more than 1000 items");
                }
            }
            return out;
        }, null));
        j.registerFunction("hash", new Jsonata.JFunction((input, args) -> {
            Object v = arg(args, 0);
            Object alg = arg(args, 1);
            if (v == null || !(alg instanceof String)) {
                throw new JException("D3137", -1, "$hash expects a value and an algorithm name");
            }
            try {
                return Intrinsic.hash(v instanceof String ? (String) v : Json.write(v), (String) alg);
            } catch (Intrinsic.IntrinsicArgumentException ex) {
                throw new JException("D3137", -1, ex.getMessage());
            }
        }, null));
        j.registerFunction("parse", new Jsonata.JFunction((input, args) -> {
            Object v = arg(args, 0);
            if (!(v instanceof String)) {
                throw new JException("D3137", -1, "$parse expects a string");
            }
            try {
                return Json.parse((String) v);
            } catch (JsonException ex) {
                throw new JException("D3137", -1, "$parse: the string is not valid JSON");
            }
        }, null));
        j.registerFunction("eval", new Jsonata.JFunction((input, args) -> {
            throw new JException("D3137", -1, "The function $eval is not supported by Step Functions; use $parse");
        }, null));
    }

    private static void bindPerEvaluationFunctions(Jsonata.Frame frame, Random random, Supplier<Instant> clock) {
        frame.bind("random", new Jsonata.JFunction((input, args) -> {
            Object seed = arg(args, 0);
            if (seed instanceof Number) {
                return new Random(((Number) seed).longValue()).nextDouble();
            }
            return random.nextDouble();
        }, null));
        frame.bind("uuid", new Jsonata.JFunction((input, args) -> new UUID(
                random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
                random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString(), null));
        frame.bind("now", new Jsonata.JFunction((input, args) -> clock.get().toString(), null));
        frame.bind("millis", new Jsonata.JFunction((input, args) -> clock.get().toEpochMilli(), null));
    }

    private static Object arg(List<?> args, int i) {
        if (args == null || i >= args.size()) {
            return null;
        }
        return args.get(i);
    }
}
