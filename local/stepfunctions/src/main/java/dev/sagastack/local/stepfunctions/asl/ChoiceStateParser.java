package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.JsonataExpr;
import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PathExpr;
import dev.sagastack.local.stepfunctions.expr.PayloadTemplate;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Choice state's Choices and Default, and its rules as the Choice state's page of the developer
 * guide describes them: And/Or/Not trees of comparisons (each operator and its …Path form) in
 * JSONPath, Conditions in JSONata.
 */
final class ChoiceStateParser {
    static final Set<String> COMPARISONS = Set.of("StringEquals", "StringLessThan", "StringGreaterThan",
            "StringLessThanEquals", "StringGreaterThanEquals", "StringMatches", "NumericEquals", "NumericLessThan",
            "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals", "BooleanEquals",
            "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals",
            "TimestampGreaterThanEquals", "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp");
    private static final Set<String> CONDITION_RULE = Set.of("Condition", "Next", "Assign", "Output", "Comment");

    private final Diagnostics diagnostics;
    private final FieldCompiler fields;

    ChoiceStateParser(Diagnostics diagnostics, FieldCompiler fields) {
        this.diagnostics = diagnostics;
        this.fields = fields;
    }

    ChoiceState choice(StateHeader s, Map<String, Object> m, String loc) {
        Object d = m.get("Default");
        String defaultNext = null;
        if (d != null) {
            if (d instanceof String) {
                defaultNext = (String) d;
            } else {
                diagnostics.schema("The value should be a string", loc + "/Default");
            }
        }
        Object cs = m.get("Choices");
        List<Choice> choices = new ArrayList<>();
        ChoiceState state = new ChoiceState(s.name(), s.language(), s.io(), choices, defaultNext);
        if (!(cs instanceof List) || Json.asArray(cs).isEmpty()) {
            diagnostics.required(loc, "Choices");
            return state;
        }
        fields.eachObject(Json.asArray(cs), loc + "/Choices", (r, rl, i) -> {
            Choice c = choice(s, r, rl, "Choices[" + i + "]");
            if (c != null) {
                choices.add(c);
            }
        });
        return state;
    }

    /** One entry of Choices, or null when its rule is not valid (reported). */
    private Choice choice(StateHeader s, Map<String, Object> r, String rl, String field) {
        ChoiceRule rule = s.jsonata() ? condition(r, rl, field) : rule(r, rl, true);
        if (rule == null) {
            return null;
        }
        String next = fields.requiredNext(r, rl);
        PayloadTemplate assignPath = null;
        JsonataTemplate assignJsonata = null;
        JsonataTemplate output = null;
        if (s.jsonata()) {
            assignJsonata = fields.assignJsonata(r.get("Assign"), rl + "/Assign", field + "/Assign");
            if (r.containsKey("Output")) {
                output = fields.jsonataValue(r.get("Output"), field + "/Output", rl + "/Output");
            }
        } else {
            assignPath = fields.assignPath(r.get("Assign"), rl + "/Assign");
        }
        return new Choice(rule, next, assignPath, assignJsonata, output);
    }

    /** A JSONata rule's Condition, or null when it is not valid (reported). */
    ChoiceRule condition(Map<String, Object> r, String loc, String field) {
        diagnostics.onlyFields(r, CONDITION_RULE, loc);
        Object c = r.get("Condition");
        if (c == null) {
            diagnostics.required(loc, "Condition");
            return null;
        }
        if (!(c instanceof Boolean) && !JsonataExpr.isExpression(c)) {
            diagnostics.schema("The value for the field 'Condition' must be a JSONata expression or a boolean", loc + "/Condition");
            return null;
        }
        JsonataTemplate condition = fields.jsonataValue(c, field + "/Condition", loc + "/Condition");
        return condition == null ? null : new ChoiceRule.Condition(condition);
    }

    /** A JSONPath rule (a top-level one may have Next and Assign), or null when it is not valid (reported). */
    ChoiceRule rule(Map<String, Object> r, String loc, boolean top) {
        Set<String> extra = top ? Set.of("Next", "Assign", "Comment") : Set.of("Comment");
        if (r.containsKey("And") || r.containsKey("Or")) {
            String op = r.containsKey("And") ? "And" : "Or";
            Object v = r.get(op);
            List<ChoiceRule> children = new ArrayList<>();
            if (!(v instanceof List) || Json.asArray(v).isEmpty()) {
                diagnostics.schema("Value cannot be empty", loc + "/" + op);
                return null;
            }
            List<Object> l = Json.asArray(v);
            for (int i = 0; i < l.size(); i++) {
                if (!(l.get(i) instanceof Map)) {
                    diagnostics.notAnObject(loc + "/" + op + "[" + i + "]");
                    return null;
                }
                ChoiceRule c = rule(Json.asObject(l.get(i)), loc + "/" + op + "[" + i + "]", false);
                if (c == null) {
                    return null;
                }
                children.add(c);
            }
            checkOnly(r, loc, extra, op);
            return op.equals("And") ? new ChoiceRule.And(children) : new ChoiceRule.Or(children);
        }
        if (r.containsKey("Not")) {
            if (!(r.get("Not") instanceof Map)) {
                diagnostics.notAnObject(loc + "/Not");
                return null;
            }
            ChoiceRule c = rule(Json.asObject(r.get("Not")), loc + "/Not", false);
            if (c == null) {
                return null;
            }
            checkOnly(r, loc, extra, "Not");
            return new ChoiceRule.Not(c);
        }
        String operator = null;
        for (String k : r.keySet()) {
            String base = k.endsWith("Path") && !k.equals("IsPresent") ? k.substring(0, k.length() - 4) : k;
            if (COMPARISONS.contains(base) && !k.equals("Variable")) {
                if (operator != null) {
                    diagnostics.schema("A choice rule must have exactly one comparison operator", loc);
                    return null;
                }
                operator = k;
            }
        }
        if (operator == null) {
            diagnostics.schema("A choice rule must have a comparison operator, or And, Or, Not", loc);
            return null;
        }
        checkOnly(r, loc, extra, "Variable", operator);
        Object var = r.get("Variable");
        if (!(var instanceof String) || !PathExpr.isValid((String) var)) {
            diagnostics.schema("The value for the field 'Variable' must be a valid JSONPath", loc + "/Variable");
            return null;
        }
        PathExpr variable = PathExpr.compile((String) var);
        Object operand = r.get(operator);
        if (operator.endsWith("Path") && !operator.startsWith("Is")) {
            if (!(operand instanceof String) || !PathExpr.isValid((String) operand)) {
                diagnostics.schema("The value for the field '" + operator + "' must be a valid JSONPath", loc + "/" + operator);
                return null;
            }
            return new ChoiceRule.Comparison(variable, operator.substring(0, operator.length() - 4),
                    new Setting.FromPath<>(PathExpr.compile((String) operand)));
        }
        boolean ok;
        if (operator.startsWith("String")) {
            ok = operand instanceof String;
        } else if (operator.startsWith("Numeric")) {
            ok = operand instanceof Number;
        } else if (operator.startsWith("Timestamp")) {
            ok = operand instanceof String && ChoiceTimestamps.parse((String) operand) != null;
        } else {
            ok = operand instanceof Boolean;
        }
        if (!ok) {
            diagnostics.schema("The value for the field '" + operator + "' has the wrong type", loc + "/" + operator);
            return null;
        }
        return new ChoiceRule.Comparison(variable, operator, new Setting.Fixed<>(operand));
    }

    private void checkOnly(Map<String, Object> r, String loc, Set<String> extra, String... allowed) {
        Set<String> ok = new HashSet<>(extra);
        ok.addAll(List.of(allowed));
        diagnostics.onlyFields(r, ok, loc);
    }
}
