package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PathExpr;
import dev.sagastack.local.stepfunctions.expr.PayloadTemplate;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.List;
import java.util.Map;

/**
 * Reads one field's value and compiles it, once per definition: a query language, a JSONPath or
 * ReferencePath, a payload template, a JSONata template, an Assign block, a bounded integer, a
 * required Next, an array of objects. What is not valid is reported and read as absent (null).
 */
final class FieldCompiler {
    private static final long MAX_INTEGER = 99_999_999L;

    /** Reads one object of an array field; {@code location} is the object's own. */
    @FunctionalInterface
    interface ObjectReader {
        void read(Map<String, Object> object, String location, int index);
    }

    private final Diagnostics diagnostics;

    FieldCompiler(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** A QueryLanguage field, or the one inherited when it is absent or not valid. */
    QueryLanguage queryLanguage(Object value, QueryLanguage inherited, String location) {
        if ("JSONata".equals(value)) {
            return QueryLanguage.JSONata;
        }
        if (value != null && !"JSONPath".equals(value)) {
            diagnostics.schema("The field 'QueryLanguage' should have one of these values: [JSONPath, JSONata]",
                    location + "/QueryLanguage");
        }
        return inherited;
    }

    /** InputPath, OutputPath, ItemsPath: absent, JSON null or a path. */
    PathField pathField(Map<String, Object> m, String field, String loc) {
        if (!m.containsKey(field)) {
            return PathField.DEFAULT;
        }
        Object v = m.get(field);
        if (v == Json.NULL) {
            return PathField.NULL;
        }
        PathExpr p = path(v, field, loc);
        return p == null ? PathField.DEFAULT : PathField.of(p);
    }

    /** ResultPath: a path field that must point into the input. */
    PathField referencePathField(Map<String, Object> m, String field, String loc) {
        PathField f = pathField(m, field, loc);
        if (f.path() != null && (f.path().steps() == null || f.path().root() != PathExpr.Root.INPUT)) {
            diagnostics.schema("The value for the field '" + field + "' must be a valid ReferencePath", loc + "/" + field);
            return PathField.DEFAULT;
        }
        return f;
    }

    PathExpr path(Object v, String field, String loc) {
        if (!(v instanceof String) || !PathExpr.isValid((String) v)) {
            diagnostics.schema("The value for the field '" + field + "' must be a valid JSONPath", loc + "/" + field);
            return null;
        }
        return PathExpr.compile((String) v);
    }

    /** Parameters, ResultSelector, ItemSelector in JSONPath states. */
    PayloadTemplate payload(Map<String, Object> m, String field, String loc) {
        return m.containsKey(field) ? payloadValue(m.get(field), loc + "/" + field) : null;
    }

    private PayloadTemplate payloadValue(Object v, String loc) {
        try {
            return PayloadTemplate.compile(v);
        } catch (IllegalArgumentException e) {
            diagnostics.schema(e.getMessage(), loc);
            return null;
        }
    }

    /** A JSONPath state's Assign (or a catcher's, a choice rule's), absent when {@code v} is null. */
    PayloadTemplate assignPath(Object v, String loc) {
        return v != null && assignable(v, loc, true) ? payloadValue(v, loc) : null;
    }

    JsonataTemplate assignJsonata(Object v, String loc) {
        return assignJsonata(v, loc, "Assign");
    }

    /** A JSONata state's Assign; {@code field} names it in an expression's error. */
    JsonataTemplate assignJsonata(Object v, String loc, String field) {
        if (v == null || !assignable(v, loc, false)) {
            return null;
        }
        try {
            return JsonataTemplate.compile(v, field);
        } catch (IllegalArgumentException e) {
            diagnostics.schema("The JSONata expression in the field '" + e.getMessage().split(":")[0]
                    + "' is not valid: " + e.getMessage(), loc);
            return null;
        }
    }

    /** An Assign block is an object whose keys are variable names ({@code name.$} in JSONPath). */
    private boolean assignable(Object v, String loc, boolean jsonPath) {
        if (!(v instanceof Map)) {
            diagnostics.notAnObject(loc);
            return false;
        }
        for (String k : Json.asObject(v).keySet()) {
            String name = jsonPath && k.endsWith(".$") ? k.substring(0, k.length() - 2) : k;
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || name.equals("states")) {
                diagnostics.schema("The variable name '" + name + "' is not valid: use letters, digits and underscores, "
                        + "not starting with a digit; 'states' is reserved", loc);
            }
        }
        return true;
    }

    /** Arguments, Output, Items, ItemSelector in JSONata states. */
    JsonataTemplate jsonata(Map<String, Object> m, String field, String loc) {
        return m.containsKey(field) ? jsonataValue(m.get(field), field, loc + "/" + field) : null;
    }

    JsonataTemplate jsonataValue(Object v, String field, String loc) {
        try {
            return JsonataTemplate.compile(v, field);
        } catch (IllegalArgumentException e) {
            diagnostics.schema("The JSONata expression in the field '" + field + "' is not valid: " + e.getMessage(), loc);
            return null;
        }
    }

    Integer positiveInt(Object v, String loc) {
        return boundedInt(v, 1, loc, "The value should be an integer between 1 and 99999999");
    }

    Integer nonNegativeInt(Object v, String loc) {
        return boundedInt(v, 0, loc, "The value should be a non-negative integer");
    }

    /** A positive integer field, null when absent. */
    Integer positiveInt(Map<String, Object> m, String field, String loc) {
        return m.containsKey(field) ? positiveInt(m.get(field), loc + "/" + field) : null;
    }

    private Integer boundedInt(Object v, long min, String loc, String message) {
        if (v instanceof Number n && Json.isIntegral(n) && n.longValue() >= min && n.longValue() <= MAX_INTEGER) {
            return n.intValue();
        }
        diagnostics.schema(message, loc);
        return null;
    }

    /** The Next of a catcher or a choice rule, which must be there. */
    String requiredNext(Map<String, Object> m, String loc) {
        if (m.get("Next") instanceof String next) {
            return next;
        }
        diagnostics.required(loc, "Next");
        return null;
    }

    /** Retry, Catch: an array, or null (reported). */
    List<Object> array(Object v, String loc) {
        if (v instanceof List) {
            return Json.asArray(v);
        }
        diagnostics.schema("The value should be an array", loc);
        return null;
    }

    /** Reads each object of an array at {@code loc[i]}, reporting an entry that is not an object. */
    void eachObject(List<Object> items, String loc, ObjectReader reader) {
        for (int i = 0; i < items.size(); i++) {
            String at = loc + "[" + i + "]";
            if (items.get(i) instanceof Map) {
                reader.read(Json.asObject(items.get(i)), at, i);
            } else {
                diagnostics.notAnObject(at);
            }
        }
    }
}
