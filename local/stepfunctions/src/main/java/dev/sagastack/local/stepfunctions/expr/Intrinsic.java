package dev.sagastack.local.stepfunctions.expr;

import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.json.JsonException;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A parsed intrinsic function call such as {@code States.Format('Hello {}', $.name)}, for the
 * {@code .$} fields of JSONPath states (Developer Guide, "Intrinsic functions for JSONPath states").
 */
public final class Intrinsic {
    static final Set<String> NAMES = Set.of("Format", "StringToJson", "JsonToString", "Array", "ArrayPartition",
            "ArrayContains", "ArrayRange", "ArrayGetItem", "ArrayLength", "ArrayUnique", "Base64Encode",
            "Base64Decode", "Hash", "JsonMerge", "MathRandom", "MathAdd", "StringSplit", "UUID");
    private static final int MAX_NESTING = 10;

    private final String text;
    private final Call call;

    private Intrinsic(String text, Call call) {
        this.text = text;
        this.call = call;
    }

    /** True when the text looks like an intrinsic function call rather than a path. */
    public static boolean looksLikeCall(String text) {
        return text.startsWith("States.");
    }

    /** Parses; throws {@link IllegalArgumentException} with the reason when the call is malformed. */
    public static Intrinsic parse(String text) {
        Parser p = new Parser(text);
        Call c = p.call(0);
        p.skipWs();
        if (p.pos != text.length()) {
            throw new IllegalArgumentException("unexpected text after the call at position " + p.pos);
        }
        return new Intrinsic(text, c);
    }

    public String text() {
        return text;
    }

    public Object evaluate(EvalContext ctx, String field) {
        return call.eval(ctx, field, this);
    }

    // ---- AST

    private interface Arg {
        Object eval(EvalContext ctx, String field, Intrinsic owner);
    }

    private static final class Literal implements Arg {
        final Object value;
        final String raw; // string literal text with escapes kept, for Format templates

        Literal(Object value, String raw) {
            this.value = value;
            this.raw = raw;
        }

        @Override
        public Object eval(EvalContext ctx, String field, Intrinsic owner) {
            return value;
        }
    }

    private static final class PathArg implements Arg {
        final PathExpr path;

        PathArg(PathExpr path) {
            this.path = path;
        }

        @Override
        public Object eval(EvalContext ctx, String field, Intrinsic owner) {
            return Paths.readForField(path, ctx, field);
        }
    }

    private static final class Call implements Arg {
        final String name;
        final List<Arg> args;

        Call(String name, List<Arg> args) {
            this.name = name;
            this.args = args;
        }

        @Override
        public Object eval(EvalContext ctx, String field, Intrinsic owner) {
            List<Object> v = new ArrayList<>(args.size());
            for (Arg a : args) {
                v.add(a.eval(ctx, field, owner));
            }
            try {
                return apply(v, ctx);
            } catch (IntrinsicArgumentException e) {
                throw new EvaluationException("States.Runtime", ctx.errorPrefix() + "The value for the field '"
                        + field + "' must be a valid JSONPath or a valid intrinsic function call: "
                        + "States." + name + ": " + e.getMessage(), field);
            }
        }

        private Object apply(List<Object> a, EvalContext ctx) {
            switch (name) {
                case "Format":
                    return format(a);
                case "StringToJson": {
                    String s = str(a, 0);
                    if (s.isBlank()) {
                        return Json.NULL;
                    }
                    try {
                        return Json.parse(s);
                    } catch (JsonException e) {
                        throw new IntrinsicArgumentException("argument is not valid JSON: " + s);
                    }
                }
                case "JsonToString":
                    arity(a, 1);
                    return Json.write(a.get(0));
                case "Array":
                    return new ArrayList<>(a);
                case "ArrayPartition": {
                    arity(a, 2);
                    List<Object> arr = arr(a, 0);
                    int size = integer(a, 1);
                    if (size <= 0) {
                        throw new IntrinsicArgumentException("the chunk size must be greater than 0");
                    }
                    List<Object> out = new ArrayList<>();
                    for (int i = 0; i < arr.size(); i += size) {
                        out.add(new ArrayList<>(arr.subList(i, Math.min(arr.size(), i + size))));
                    }
                    return out;
                }
                case "ArrayContains": {
                    arity(a, 2);
                    for (Object o : arr(a, 0)) {
                        if (Json.jsonEquals(o, a.get(1))) {
                            return Boolean.TRUE;
                        }
                    }
                    return Boolean.FALSE;
                }
                case "ArrayRange": {
                    arity(a, 3);
                    int start = integer(a, 0);
                    int end = integer(a, 1);
                    int step = integer(a, 2);
                    if (step == 0) {
                        throw new IntrinsicArgumentException("the step must not be 0");
                    }
                    List<Object> out = new ArrayList<>();
                    for (long i = start; step > 0 ? i <= end : i >= end; i += step) {
                        out.add((int) i);
                        if (out.size() > 1000) {
                            throw new IntrinsicArgumentException("the range has more than 1000 items");
                        }
                    }
                    return out;
                }
                case "ArrayGetItem": {
                    arity(a, 2);
                    List<Object> arr = arr(a, 0);
                    int i = integer(a, 1);
                    if (i < 0 || i >= arr.size()) {
                        throw new IntrinsicArgumentException("index " + i + " is out of bounds");
                    }
                    return arr.get(i);
                }
                case "ArrayLength":
                    arity(a, 1);
                    return arr(a, 0).size();
                case "ArrayUnique": {
                    arity(a, 1);
                    List<Object> out = new ArrayList<>();
                    outer:
                    for (Object o : arr(a, 0)) {
                        for (Object seen : out) {
                            if (Json.jsonEquals(seen, o)) {
                                continue outer;
                            }
                        }
                        out.add(o);
                    }
                    return out;
                }
                case "Base64Encode": {
                    arity(a, 1);
                    String s = str(a, 0);
                    if (s.length() > 10_000) {
                        throw new IntrinsicArgumentException("the input is longer than 10000 characters");
                    }
                    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
                }
                case "Base64Decode": {
                    arity(a, 1);
                    String s = str(a, 0);
                    if (s.length() > 10_000) {
                        throw new IntrinsicArgumentException("the input is longer than 10000 characters");
                    }
                    try {
                        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        throw new IntrinsicArgumentException("the input is not valid base64");
                    }
                }
                case "Hash": {
                    arity(a, 2);
                    Object data = a.get(0);
                    String text = data instanceof String ? (String) data : Json.write(data);
                    return hash(text, str(a, 1));
                }
                case "JsonMerge": {
                    arity(a, 3);
                    if (!(a.get(0) instanceof Map) || !(a.get(1) instanceof Map)) {
                        throw new IntrinsicArgumentException("both arguments to merge must be JSON objects");
                    }
                    if (!Boolean.FALSE.equals(a.get(2))) {
                        throw new IntrinsicArgumentException("only shallow merge is supported; the third argument must be false");
                    }
                    Map<String, Object> out = new LinkedHashMap<>(Json.asObject(a.get(0)));
                    out.putAll(Json.asObject(a.get(1)));
                    return out;
                }
                case "MathRandom": {
                    if (a.size() != 2 && a.size() != 3) {
                        throw new IntrinsicArgumentException("expects 2 or 3 arguments");
                    }
                    int start = integer(a, 0);
                    int end = integer(a, 1);
                    if (end <= start) {
                        throw new IntrinsicArgumentException("the end must be greater than the start");
                    }
                    Random r = a.size() == 3 ? new Random(integer(a, 2)) : ctx.random;
                    return start + r.nextInt(end - start);
                }
                case "MathAdd": {
                    arity(a, 2);
                    long sum = Math.round(num(a, 0)) + Math.round(num(a, 1));
                    if (sum > Integer.MAX_VALUE || sum < Integer.MIN_VALUE) {
                        throw new IntrinsicArgumentException("the result does not fit a 32-bit integer");
                    }
                    return (int) sum;
                }
                case "StringSplit": {
                    arity(a, 2);
                    String s = str(a, 0);
                    String delims = str(a, 1);
                    List<Object> out = new ArrayList<>();
                    StringBuilder cur = new StringBuilder();
                    for (int i = 0; i < s.length(); i++) {
                        char c = s.charAt(i);
                        if (delims.indexOf(c) >= 0) {
                            if (cur.length() > 0) {
                                out.add(cur.toString());
                            }
                            cur.setLength(0);
                        } else {
                            cur.append(c);
                        }
                    }
                    if (cur.length() > 0) {
                        out.add(cur.toString());
                    }
                    return out;
                }
                case "UUID":
                    arity(a, 0);
                    return new UUID(ctx.random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
                            ctx.random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString();
                default:
                    throw new IntrinsicArgumentException("unknown function");
            }
        }

        private Object format(List<Object> a) {
            if (a.isEmpty() || !(args.get(0) instanceof Literal) || !(((Literal) args.get(0)).value instanceof String)) {
                throw new IntrinsicArgumentException("the first argument must be a string literal template");
            }
            String raw = ((Literal) args.get(0)).raw;
            StringBuilder sb = new StringBuilder();
            int next = 1;
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '\\' && i + 1 < raw.length()) {
                    sb.append(raw.charAt(++i));
                } else if (c == '{' && i + 1 < raw.length() && raw.charAt(i + 1) == '}') {
                    if (next >= a.size()) {
                        throw new IntrinsicArgumentException("the template has more placeholders than arguments");
                    }
                    sb.append(formatArg(a.get(next++)));
                    i++;
                } else {
                    sb.append(c);
                }
            }
            if (next != a.size()) {
                throw new IntrinsicArgumentException("the template has fewer placeholders than arguments");
            }
            return sb.toString();
        }
    }

    /** AWS renders Format arguments the way Java's toString does ({a=1, b=[]} for objects). */
    @SuppressWarnings("unchecked")
    static String formatArg(Object v) {
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof Map) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(e.getKey()).append('=').append(formatArg(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (v instanceof List) {
            StringBuilder sb = new StringBuilder("[");
            boolean first = true;
            for (Object o : (List<Object>) v) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(formatArg(o));
            }
            return sb.append(']').toString();
        }
        return Json.write(v);
    }

    static String hash(String text, String algorithm) {
        switch (algorithm) {
            case "MD5":
            case "SHA-1":
            case "SHA-256":
            case "SHA-384":
            case "SHA-512":
                break;
            default:
                throw new IntrinsicArgumentException("the hash algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
        }
        try {
            byte[] d = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(d.length * 2);
            for (byte b : d) {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class IntrinsicArgumentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IntrinsicArgumentException(String m) {
            super(m, null, false, false);
        }
    }

    private static void arity(List<Object> a, int n) {
        if (a.size() != n) {
            throw new IntrinsicArgumentException("expects " + n + " argument(s) but got " + a.size());
        }
    }

    private static String str(List<Object> a, int i) {
        if (i >= a.size() || !(a.get(i) instanceof String)) {
            throw new IntrinsicArgumentException("argument " + (i + 1) + " must be a string");
        }
        return (String) a.get(i);
    }

    private static List<Object> arr(List<Object> a, int i) {
        if (i >= a.size() || !(a.get(i) instanceof List)) {
            throw new IntrinsicArgumentException("argument " + (i + 1) + " must be an array");
        }
        return Json.asArray(a.get(i));
    }

    private static double num(List<Object> a, int i) {
        if (i >= a.size() || !(a.get(i) instanceof Number)) {
            throw new IntrinsicArgumentException("argument " + (i + 1) + " must be a number");
        }
        return ((Number) a.get(i)).doubleValue();
    }

    private static int integer(List<Object> a, int i) {
        if (i >= a.size() || !(a.get(i) instanceof Number)) {
            throw new IntrinsicArgumentException("argument " + (i + 1) + " must be an integer");
        }
        Number n = (Number) a.get(i);
        BigDecimal d = Json.toBigDecimal(n);
        try {
            return d.intValueExact();
        } catch (ArithmeticException e) {
            throw new IntrinsicArgumentException("argument " + (i + 1) + " must be an integer");
        }
    }

    // ---- parser

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        void skipWs() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        Call call(int depth) {
            if (depth >= MAX_NESTING) {
                throw new IllegalArgumentException("more than " + MAX_NESTING + " nested intrinsic functions");
            }
            skipWs();
            if (!s.startsWith("States.", pos)) {
                throw new IllegalArgumentException("expected 'States.' at position " + pos);
            }
            pos += 7;
            int start = pos;
            while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
                pos++;
            }
            String name = s.substring(start, pos);
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown intrinsic function States." + name);
            }
            skipWs();
            expect('(');
            List<Arg> args = new ArrayList<>();
            skipWs();
            if (peek() == ')') {
                pos++;
                return new Call(name, args);
            }
            while (true) {
                args.add(arg(depth));
                skipWs();
                char c = peek();
                pos++;
                if (c == ')') {
                    return new Call(name, args);
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected ',' or ')' at position " + (pos - 1));
                }
            }
        }

        char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at position " + pos);
            }
            pos++;
        }

        Arg arg(int depth) {
            skipWs();
            char c = peek();
            if (c == '\'') {
                pos++;
                StringBuilder value = new StringBuilder();
                StringBuilder raw = new StringBuilder();
                while (true) {
                    if (pos >= s.length()) {
                        throw new IllegalArgumentException("unterminated string literal");
                    }
                    char ch = s.charAt(pos++);
                    if (ch == '\\' && pos < s.length()) {
                        char esc = s.charAt(pos++);
                        value.append(esc);
                        raw.append('\\').append(esc);
                    } else if (ch == '\'') {
                        break;
                    } else {
                        value.append(ch);
                        raw.append(ch);
                    }
                }
                return new Literal(value.toString(), raw.toString());
            }
            if (c == '$') {
                int start = pos;
                int bracket = 0;
                boolean quoted = false;
                while (pos < s.length()) {
                    char ch = s.charAt(pos);
                    if (quoted) {
                        if (ch == '\\') {
                            pos++;
                        } else if (ch == '\'') {
                            quoted = false;
                        }
                    } else if (ch == '\'') {
                        quoted = true;
                    } else if (ch == '[' || ch == '(') {
                        bracket++;
                    } else if (ch == ']' || (ch == ')' && bracket > 0)) {
                        bracket--;
                    } else if ((ch == ',' || ch == ')') && bracket == 0) {
                        break;
                    }
                    pos++;
                }
                String path = s.substring(start, pos).trim();
                return new PathArg(PathExpr.compile(path));
            }
            if (s.startsWith("States.", pos)) {
                return call(depth + 1);
            }
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ')') {
                pos++;
            }
            String lit = s.substring(start, pos).trim();
            switch (lit) {
                case "true":
                    return new Literal(Boolean.TRUE, lit);
                case "false":
                    return new Literal(Boolean.FALSE, lit);
                case "null":
                    return new Literal(Json.NULL, lit);
                default:
                    try {
                        Object n = Json.parse(lit);
                        if (n instanceof Number) {
                            return new Literal(n, lit);
                        }
                    } catch (JsonException ignored) {
                        // fall through
                    }
                    throw new IllegalArgumentException("unexpected argument '" + lit + "'");
            }
        }
    }
}
