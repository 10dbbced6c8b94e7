package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.JsonataExpr;
import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PathExpr;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Choice rules as the Choice state's page of the developer guide describes them: And/Or/Not trees
 * of comparisons (each operator and its …Path form) in JSONPath, Conditions in JSONata. Reports
 * what is wrong through the definition's parser.
 */
final class ChoiceRuleParser {
    private final DefinitionParser parser;

    ChoiceRuleParser(DefinitionParser parser) {
        this.parser = parser;
    }

    /** A JSONata rule's Condition, or null when it is not valid (reported). */
    ChoiceRule condition(Map<String, Object> r, String loc, String field) {
        for (String k : r.keySet()) {
            if (!Set.of("Condition", "Next", "Assign", "Output", "Comment").contains(k)) {
                parser.schema("Field '" + k + "' is not supported", loc);
            }
        }
        Object c = r.get("Condition");
        if (c == null) {
            parser.schema("These fields are required: [Condition]", loc);
            return null;
        }
        if (!(c instanceof Boolean) && !JsonataExpr.isExpression(c)) {
            parser.schema("The value for the field 'Condition' must be a JSONata expression or a boolean", loc + "/Condition");
            return null;
        }
        JsonataTemplate condition = parser.jsonataValue(c, field + "/Condition", loc + "/Condition");
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
                parser.schema("Value cannot be empty", loc + "/" + op);
                return null;
            }
            List<Object> l = Json.asArray(v);
            for (int i = 0; i < l.size(); i++) {
                if (!(l.get(i) instanceof Map)) {
                    parser.schema("The value should be a JSON object", loc + "/" + op + "[" + i + "]");
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
                parser.schema("The value should be a JSON object", loc + "/Not");
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
            if (DefinitionParser.COMPARISONS.contains(base) && !k.equals("Variable")) {
                if (operator != null) {
                    parser.schema("A choice rule must have exactly one comparison operator", loc);
                    return null;
                }
                operator = k;
            }
        }
        if (operator == null) {
            parser.schema("A choice rule must have a comparison operator, or And, Or, Not", loc);
            return null;
        }
        checkOnly(r, loc, extra, "Variable", operator);
        Object var = r.get("Variable");
        if (!(var instanceof String) || !PathExpr.isValid((String) var)) {
            parser.schema("The value for the field 'Variable' must be a valid JSONPath", loc + "/Variable");
            return null;
        }
        PathExpr variable = PathExpr.compile((String) var);
        Object operand = r.get(operator);
        if (operator.endsWith("Path") && !operator.startsWith("Is")) {
            if (!(operand instanceof String) || !PathExpr.isValid((String) operand)) {
                parser.schema("The value for the field '" + operator + "' must be a valid JSONPath", loc + "/" + operator);
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
            parser.schema("The value for the field '" + operator + "' has the wrong type", loc + "/" + operator);
            return null;
        }
        return new ChoiceRule.Comparison(variable, operator, new Setting.Fixed<>(operand));
    }

    private void checkOnly(Map<String, Object> r, String loc, Set<String> extra, String... allowed) {
        Set<String> ok = new HashSet<>(extra);
        ok.addAll(List.of(allowed));
        for (String k : r.keySet()) {
            if (!ok.contains(k)) {
                parser.schema("Field '" + k + "' is not supported", loc);
            }
        }
    }
}
