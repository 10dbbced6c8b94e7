package dev.sagastack.local.stepfunctions.expr;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.mapper.JsonSmartMappingProvider;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled ASL path: {@code $...} reads the state input, {@code $$...} the context object and
 * {@code $name...} a workflow variable. Simple definite paths are walked directly; everything else
 * (wildcards, filters, slices, deep scan) goes through Jayway JsonPath, whose messages AWS reports.
 */
public final class PathExpr {
    public enum Root { INPUT, CONTEXT, VARIABLE }

    static final Configuration CONFIG = Configuration.builder()
            .jsonProvider(ValueJsonProvider.INSTANCE)
            .mappingProvider(new JsonSmartMappingProvider())
            .build();

    private static final Pattern VARIABLE = Pattern.compile("^\\$([A-Za-z_][A-Za-z0-9_]*)(.*)$", Pattern.DOTALL);
    private static final Pattern SIMPLE_STEP = Pattern.compile(
            "\\.([A-Za-z_][A-Za-z0-9_\\-]*)|\\['((?:[^'\\\\]|\\\\.)*)'\\]|\\[(\\d+)\\]");

    private final String text;
    private final Root root;
    private final String variable;
    private final JsonPath compiled;
    private final Object[] steps; // String (member) or Integer (index); null when not simple
    private final boolean definite;

    private PathExpr(String text, Root root, String variable, String relative) {
        this.text = text;
        this.root = root;
        this.variable = variable;
        this.compiled = JsonPath.compile(relative);
        this.definite = compiled.isDefinite();
        this.steps = simpleSteps(relative);
    }

    /** Compiles a path; throws {@link IllegalArgumentException} naming the problem when it is not valid. */
    public static PathExpr compile(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("must start with '$'");
        }
        try {
            if (text.startsWith("$$")) {
                return new PathExpr(text, Root.CONTEXT, null, text.substring(1));
            }
            Matcher m = VARIABLE.matcher(text);
            if (m.matches()) {
                return new PathExpr(text, Root.VARIABLE, m.group(1), "$" + m.group(2));
            }
            return new PathExpr(text, Root.INPUT, null, text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public static boolean isValid(String text) {
        try {
            compile(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Object[] simpleSteps(String relative) {
        if (!relative.startsWith("$")) {
            return null;
        }
        String rest = relative.substring(1);
        List<Object> out = new ArrayList<>();
        Matcher m = SIMPLE_STEP.matcher(rest);
        int pos = 0;
        while (pos < rest.length()) {
            if (!m.find(pos) || m.start() != pos) {
                return null;
            }
            if (m.group(1) != null) {
                out.add(m.group(1));
            } else if (m.group(2) != null) {
                out.add(m.group(2).replace("\\'", "'").replace("\\\\", "\\"));
            } else {
                out.add(Integer.parseInt(m.group(3)));
            }
            pos = m.end();
        }
        return out.toArray();
    }

    public String text() {
        return text;
    }

    public Root root() {
        return root;
    }

    /** The variable name for {@link Root#VARIABLE} paths. */
    public String variable() {
        return variable;
    }

    /** True for paths that select at most one value (no wildcard, filter, slice or deep scan). */
    public boolean isDefinite() {
        return definite;
    }

    /** The member/index steps of a simple path, or null. */
    public Object[] steps() {
        return steps;
    }

    /**
     * Reads the path from the given root value (the input, the context object or the variable's
     * value). Throws {@link PathNotFoundException} with Jayway's message when nothing matches.
     */
    public Object read(Object rootValue) {
        if (steps != null) {
            Object cur = rootValue;
            boolean ok = true;
            for (Object s : steps) {
                if (s instanceof String && cur instanceof Map) {
                    Map<?, ?> m = (Map<?, ?>) cur;
                    Object next = m.get(s);
                    if (next == null) {
                        ok = false;
                        break;
                    }
                    cur = next;
                } else if (s instanceof Integer && cur instanceof List) {
                    List<?> l = (List<?>) cur;
                    int i = (Integer) s;
                    if (i >= l.size()) {
                        ok = false;
                        break;
                    }
                    cur = l.get(i);
                } else {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                return cur;
            }
        }
        Object result;
        try {
            result = compiled.read(rootValue == null ? Json.NULL : rootValue, CONFIG);
        } catch (PathNotFoundException e) {
            if (definite) {
                throw e;
            }
            return new ArrayList<>(); // AWS: a wildcard, slice or filter that matches nothing gives []
        }
        return result == null ? Json.NULL : result;
    }

    @Override
    public String toString() {
        return text;
    }
}
