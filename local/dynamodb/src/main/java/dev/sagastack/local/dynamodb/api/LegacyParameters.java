package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.dynamodb.engine.DynamoDbError;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.KeyOrdering;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The legacy (pre-expression) parameters of a request rewritten as the equivalent expressions, so
 * that one evaluation path serves both: Expected becomes a ConditionExpression, AttributeUpdates an
 * UpdateExpression, QueryFilter/ScanFilter a FilterExpression and KeyConditions a
 * KeyConditionExpression, each with generated ExpressionAttributeNames/Values. The request may
 * carry no names or values of its own (ExpressionInput refuses them without expressions), so the
 * generated placeholders cannot clash. AttributesToGet is only checked: the reads apply it
 * themselves. Rules and error texts: DynamoDB API Reference (Condition, ExpectedAttributeValue,
 * AttributeValueUpdate) and Developer Guide, "Legacy conditional parameters".
 */
final class LegacyParameters {

    private static final String INVALID = "One or more parameter values were invalid: ";
    private static final String[] OPERATORS = {"IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT",
        "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE", "CONTAINS"};
    private static final Set<String> SCALARS = Set.of("S", "N", "B");

    private final ObjectNode names = JsonNodeFactory.instance.objectNode();
    private final ObjectNode values = JsonNodeFactory.instance.objectNode();
    private final Map<String, String> placeholders = new HashMap<>();

    private LegacyParameters() {
    }

    /**
     * @param legacy the legacy parameters the request carries (and the operation accepts)
     * @return a copy of the request with those parameters replaced by expressions
     */
    static Request translate(Request req, List<String> legacy) {
        Violations v = new Violations();
        String conditionalOperator = req.string("ConditionalOperator");
        v.oneOf(conditionalOperator, "conditionalOperator", "AND", "OR");
        List<String> attributesToGet = req.strings("AttributesToGet");
        if (attributesToGet != null && attributesToGet.isEmpty()) {
            v.add("[]", "attributesToGet", "Member must have length greater than or equal to 1");
        }
        v.throwIfAny();
        if (attributesToGet != null) {
            Set<String> seen = new HashSet<>();
            for (String a : attributesToGet) {
                if (!seen.add(a)) {
                    throw DynamoDbError.validation(INVALID + "Duplicate value in attribute name: " + a);
                }
            }
        }
        LegacyParameters t = new LegacyParameters();
        ObjectNode out = ((ObjectNode) req.node()).deepCopy();
        String joiner = "OR".equals(conditionalOperator) ? " OR " : " AND ";
        boolean conditionMap = false;
        for (String param : legacy) {
            String expression;
            switch (param) {
                case "Expected":
                    conditionMap = true;
                    expression = t.expected(req.object("Expected"), joiner);
                    put(out, "ConditionExpression", expression);
                    break;
                case "QueryFilter":
                case "ScanFilter":
                    conditionMap = true;
                    expression = t.conditions(req.object(param), lowerFirst(param), joiner, false);
                    put(out, "FilterExpression", expression);
                    break;
                case "KeyConditions":
                    expression = t.conditions(req.object(param), "keyConditions", null, true);
                    put(out, "KeyConditionExpression", expression);
                    break;
                case "AttributeUpdates":
                    put(out, "UpdateExpression", t.attributeUpdates(req.object(param)));
                    break;
                default: // AttributesToGet, checked above; ConditionalOperator, used with its map
                    continue;
            }
            out.remove(param);
        }
        if (conditionalOperator != null && !conditionMap) {
            throw DynamoDbError.validation(INVALID
                    + "ConditionalOperator can only be used when Filter or Expected has two or more elements");
        }
        out.remove("ConditionalOperator");
        if (!t.names.isEmpty()) {
            out.set("ExpressionAttributeNames", t.names);
        }
        if (!t.values.isEmpty()) {
            out.set("ExpressionAttributeValues", t.values);
        }
        return new Request(out);
    }

    private static void put(ObjectNode out, String field, String expression) {
        if (expression != null) {
            out.put(field, expression);
        }
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    // ---- Expected ----

    private String expected(Request expected, String joiner) {
        if (expected == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = expected.node().properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String attribute = e.getKey();
            Request c = entry(e.getValue());
            boolean hasList = c.has("AttributeValueList");
            boolean hasValue = c.has("Value");
            String operator = c.string("ComparisonOperator");
            Boolean exists = c.bool("Exists");
            if (hasList && hasValue) {
                throw DynamoDbError.validation(INVALID
                        + "Value and AttributeValueList cannot be used together for Attribute: " + attribute);
            }
            if (operator != null) {
                checkOperator(operator, "expected." + attribute + ".member.comparisonOperator");
                if (exists != null) {
                    throw DynamoDbError.validation(INVALID
                            + "Exists and ComparisonOperator cannot be used together for Attribute: " + attribute);
                }
                if (!operator.equals("NULL") && !operator.equals("NOT_NULL") && !hasList && !hasValue) {
                    throw DynamoDbError.validation(INVALID + "Value or AttributeValueList must be used with "
                            + "ComparisonOperator: " + operator + " for Attribute: " + attribute);
                }
                List<JsonNode> arguments = new ArrayList<>();
                if (hasList) {
                    c.array("AttributeValueList").forEach(arguments::add);
                } else if (hasValue) {
                    arguments.add(c.node().get("Value"));
                }
                parts.add(comparison(attribute, operator, arguments, false));
            } else if (hasList) {
                throw DynamoDbError.validation(INVALID
                        + "AttributeValueList can only be used with a ComparisonOperator for Attribute: " + attribute);
            } else if (exists == null || exists) {
                if (!hasValue) {
                    throw DynamoDbError.validation(INVALID + "Value must be provided when Exists is "
                            + (exists == null ? "null" : "true") + " for Attribute: " + attribute);
                }
                parts.add(comparison(attribute, "EQ", List.of(c.node().get("Value")), false));
            } else {
                if (hasValue) {
                    throw DynamoDbError.validation(INVALID
                            + "Value cannot be used when Exists is false for Attribute: " + attribute);
                }
                parts.add("attribute_not_exists(" + name(attribute) + ")");
            }
        }
        return join(parts, joiner);
    }

    private static Request entry(JsonNode node) {
        if (node == null || node.isNull()) {
            return new Request(JsonNodeFactory.instance.objectNode());
        }
        if (!node.isObject()) {
            throw DynamoDbError.serialization("Unexpected value type in payload");
        }
        return new Request(node);
    }

    // ---- QueryFilter, ScanFilter, KeyConditions ----

    private String conditions(Request map, String path, String joiner, boolean keyCondition) {
        if (map == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = map.node().properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Request c = entry(e.getValue());
            String operator = c.string("ComparisonOperator");
            Violations v = new Violations();
            v.notNull(operator, path + "." + e.getKey() + ".member.comparisonOperator");
            v.throwIfAny();
            checkOperator(operator, path + "." + e.getKey() + ".member.comparisonOperator");
            List<JsonNode> arguments = new ArrayList<>();
            JsonNode list = c.array("AttributeValueList");
            if (list != null) {
                list.forEach(arguments::add);
            }
            parts.add(comparison(e.getKey(), operator, arguments, keyCondition));
        }
        return join(parts, joiner);
    }

    private static void checkOperator(String operator, String path) {
        Violations v = new Violations();
        v.oneOf(operator, path, OPERATORS);
        v.throwIfAny();
    }

    /** One condition as an expression, after DynamoDB's argument count and type rules. */
    private String comparison(String attribute, String operator, List<JsonNode> arguments, boolean keyCondition) {
        int n = arguments.size();
        boolean countOk;
        switch (operator) {
            case "NULL":
            case "NOT_NULL":
                countOk = n == 0;
                break;
            case "IN":
                countOk = n > 0;
                break;
            case "BETWEEN":
                countOk = n == 2;
                break;
            default:
                countOk = n == 1;
        }
        if (!countOk) {
            throw DynamoDbError.validation(INVALID + "Invalid number of argument(s) for the " + operator
                    + " ComparisonOperator");
        }
        List<AttributeValue> parsed = new ArrayList<>(n);
        for (JsonNode a : arguments) {
            parsed.add(Request.readValue(a));
        }
        for (AttributeValue a : parsed) {
            if (a.type() != parsed.get(0).type()) {
                throw DynamoDbError.validation(INVALID + "AttributeValues inside AttributeValueList must be of same type");
            }
        }
        for (AttributeValue a : parsed) {
            String type = a.type().name();
            boolean typeOk;
            switch (operator) {
                case "EQ":
                case "NE":
                    typeOk = true; // "supported for all data types, including lists and maps"
                    break;
                case "BEGINS_WITH":
                    typeOk = type.equals("S") || type.equals("B");
                    break;
                default:
                    typeOk = SCALARS.contains(type);
            }
            if (!typeOk) {
                throw DynamoDbError.validation(INVALID + "ComparisonOperator " + operator + " is not valid for " + type
                        + " AttributeValue type");
            }
        }
        if (operator.equals("BETWEEN") && KeyOrdering.compare(parsed.get(0), parsed.get(1)) > 0) {
            throw DynamoDbError.validation(
                    "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
        }
        if (keyCondition && !(operator.equals("EQ") || operator.equals("LE") || operator.equals("LT")
                || operator.equals("GE") || operator.equals("GT") || operator.equals("BEGINS_WITH")
                || operator.equals("BETWEEN"))) {
            throw DynamoDbError.validation("Attempted conditional constraint is not an indexable operation");
        }
        String a = name(attribute);
        switch (operator) {
            case "NULL":
                return "attribute_not_exists(" + a + ")";
            case "NOT_NULL":
                return "attribute_exists(" + a + ")";
            case "EQ":
                return a + " = " + value(arguments.get(0));
            case "NE":
                return a + " <> " + value(arguments.get(0));
            case "LT":
                return a + " < " + value(arguments.get(0));
            case "LE":
                return a + " <= " + value(arguments.get(0));
            case "GT":
                return a + " > " + value(arguments.get(0));
            case "GE":
                return a + " >= " + value(arguments.get(0));
            case "CONTAINS":
                return "contains(" + a + ", " + value(arguments.get(0)) + ")";
            case "NOT_CONTAINS":
                return "NOT contains(" + a + ", " + value(arguments.get(0)) + ")";
            case "BEGINS_WITH":
                return "begins_with(" + a + ", " + value(arguments.get(0)) + ")";
            case "BETWEEN":
                return a + " BETWEEN " + value(arguments.get(0)) + " AND " + value(arguments.get(1));
            default: { // IN
                List<String> list = new ArrayList<>();
                for (JsonNode arg : arguments) {
                    list.add(value(arg));
                }
                return a + " IN (" + String.join(", ", list) + ")";
            }
        }
    }

    // ---- AttributeUpdates ----

    private String attributeUpdates(Request updates) {
        if (updates == null) {
            return null;
        }
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        List<String> add = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = updates.node().properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String attribute = e.getKey();
            Request u = entry(e.getValue());
            String action = u.string("Action");
            Violations v = new Violations();
            v.oneOf(action, "attributeUpdates." + attribute + ".member.action", "ADD", "PUT", "DELETE");
            v.throwIfAny();
            if (action == null) {
                action = "PUT";
            }
            JsonNode valueNode = u.node().get("Value");
            boolean hasValue = valueNode != null && !valueNode.isNull();
            if (!hasValue) {
                if (!action.equals("DELETE")) {
                    throw DynamoDbError.validation(INVALID
                            + "Only DELETE action is allowed when no attribute value is specified");
                }
                remove.add(name(attribute));
                continue;
            }
            AttributeValue value = Request.readValue(valueNode);
            String type = value.type().name();
            switch (action) {
                case "PUT":
                    set.add(name(attribute) + " = " + value(valueNode));
                    break;
                case "ADD":
                    if (!(type.equals("N") || type.equals("SS") || type.equals("NS") || type.equals("BS"))) {
                        throw DynamoDbError.validation(INVALID + "ADD action is not supported for the type " + type);
                    }
                    add.add(name(attribute) + " " + value(valueNode));
                    break;
                default: // DELETE with a value: take those elements out of a set
                    if (!(type.equals("SS") || type.equals("NS") || type.equals("BS"))) {
                        throw DynamoDbError.validation(INVALID + "DELETE action with value is not supported for the type "
                                + type);
                    }
                    delete.add(name(attribute) + " " + value(valueNode));
            }
        }
        StringBuilder sb = new StringBuilder();
        clause(sb, "SET", set);
        clause(sb, "REMOVE", remove);
        clause(sb, "ADD", add);
        clause(sb, "DELETE", delete);
        return sb.length() == 0 ? null : sb.toString();
    }

    /**
     * An error of the update translated from AttributeUpdates, as DynamoDB words it for that
     * parameter: ADD or DELETE against an attribute of another type is a "Type mismatch".
     */
    static DynamoDbError attributeUpdatesError(DynamoDbError e) {
        if (e.type().endsWith("#ValidationException")
                && "An operand in the update expression has an incorrect data type".equals(e.getMessage())) {
            return DynamoDbError.validation("Type mismatch for attribute to update");
        }
        return e;
    }

    private static void clause(StringBuilder sb, String keyword, List<String> actions) {
        if (actions.isEmpty()) {
            return;
        }
        if (sb.length() > 0) {
            sb.append(' ');
        }
        sb.append(keyword).append(' ').append(String.join(", ", actions));
    }

    // ---- placeholders ----

    private String name(String attribute) {
        return placeholders.computeIfAbsent(attribute, a -> {
            String key = "#n" + placeholders.size();
            names.put(key, a);
            return key;
        });
    }

    private String value(JsonNode value) {
        String key = ":v" + values.size();
        values.set(key, value.deepCopy());
        return key;
    }

    /** A null joiner: key conditions, ANDed without parentheses as KeyConditionExpression wants them. */
    private static String join(List<String> parts, String joiner) {
        if (parts.isEmpty()) {
            return null;
        }
        if (joiner == null) {
            return String.join(" AND ", parts);
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        List<String> wrapped = new ArrayList<>(parts.size());
        for (String p : parts) {
            wrapped.add("(" + p + ")");
        }
        return String.join(joiner, wrapped);
    }
}
