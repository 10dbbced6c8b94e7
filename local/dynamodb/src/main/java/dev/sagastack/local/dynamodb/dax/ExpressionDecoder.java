package dev.sagastack.local.dynamodb.dax;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Turns the expressions DAX clients send pre-parsed (a CBOR s-expression per expression: operator
 * codes, document paths with the attribute names already substituted, and the values as a list
 * referenced by position) back into DynamoDB expression text with placeholders, so the engine parses
 * and validates them exactly as for a DynamoDB call. Names go to {@code #nK} and values to
 * {@code :<prefix>K}; one decoder collects the names and values of all expressions of a request.
 */
final class ExpressionDecoder {

    // Operator codes of the DAX expression encoding, in the order the official clients define them.
    private static final int EQUAL = 0;
    private static final int AND = 6;
    private static final int OR = 7;
    private static final int NOT = 8;
    private static final int BETWEEN = 9;
    private static final int IN = 10;
    private static final int ATTRIBUTE_EXISTS = 11;
    private static final int ATTRIBUTE_NOT_EXISTS = 12;
    private static final int ATTRIBUTE_TYPE = 13;
    private static final int BEGINS_WITH = 14;
    private static final int CONTAINS = 15;
    private static final int SIZE = 16;
    private static final int VARIABLE = 17;
    private static final int DOCUMENT_PATH = 18;
    private static final int SET_ACTION = 19;
    private static final int ADD_ACTION = 20;
    private static final int DELETE_ACTION = 21;
    private static final int REMOVE_ACTION = 22;
    private static final int IF_NOT_EXISTS = 23;
    private static final int LIST_APPEND = 24;
    private static final int PLUS = 25;
    private static final int MINUS = 26;
    private static final String[] COMPARATORS = {"=", "<>", "<", ">=", ">", "<="};

    private final Map<String, String> nameToPlaceholder = new LinkedHashMap<>();
    private final ObjectNode names = JsonNodeFactory.instance.objectNode();
    private final ObjectNode values = JsonNodeFactory.instance.objectNode();

    ObjectNode names() {
        return names;
    }

    ObjectNode values() {
        return values;
    }

    /** A condition, filter or key condition expression; its values get placeholders {@code :<prefix>K}. */
    String condition(byte[] encoded, String prefix) throws DaxProtocolException {
        List<?> top = top(encoded, 3);
        List<?> vals = (List<?>) top.get(2);
        for (int i = 0; i < vals.size(); i++) {
            values.set(":" + prefix + i, AttributeValues.toJson(vals.get(i)));
        }
        return render(top.get(1), prefix);
    }

    String update(byte[] encoded) throws DaxProtocolException {
        List<?> top = top(encoded, 3);
        List<?> vals = (List<?>) top.get(2);
        for (int i = 0; i < vals.size(); i++) {
            values.set(":u" + i, AttributeValues.toJson(vals.get(i)));
        }
        Map<String, List<String>> sections = new LinkedHashMap<>();
        for (Object action : (List<?>) top.get(1)) {
            List<?> a = (List<?>) action;
            int op = code(a.get(0));
            String path = render(a.get(1), "u");
            switch (op) {
                case SET_ACTION -> section(sections, "SET").add(path + " = " + render(a.get(2), "u"));
                case ADD_ACTION -> section(sections, "ADD").add(path + " " + render(a.get(2), "u"));
                case DELETE_ACTION -> section(sections, "DELETE").add(path + " " + render(a.get(2), "u"));
                case REMOVE_ACTION -> section(sections, "REMOVE").add(path);
                default -> throw new DaxProtocolException("unknown update action " + op);
            }
        }
        StringBuilder sb = new StringBuilder();
        sections.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append(' ')
                .append(String.join(", ", v)));
        return sb.toString();
    }

    /**
     * A projection expression. The engine is asked for the top-level attributes of its paths only: the
     * client expects each projected path's value by its position in the projection, which this server
     * takes from the whole attribute (a projected list would renumber its elements).
     */
    Projection projection(byte[] encoded) throws DaxProtocolException {
        List<?> top = top(encoded, 2);
        Set<String> attributes = new LinkedHashSet<>();
        List<List<Object>> paths = new ArrayList<>();
        for (Object p : (List<?>) top.get(1)) {
            List<?> path = (List<?>) p;
            if (path.size() < 2 || code(path.get(0)) != DOCUMENT_PATH || !(path.get(1) instanceof String first)) {
                throw new DaxProtocolException("malformed projection path " + p);
            }
            attributes.add(placeholder(first));
            List<Object> elements = new ArrayList<>();
            for (Object e : path.subList(1, path.size())) {
                elements.add(e instanceof CborReader.Tagged t ? (Object) ((Long) t.value()).intValue() : e);
            }
            paths.add(elements);
        }
        return new Projection(String.join(", ", attributes), paths);
    }

    /** A decoded projection: the text and each path as names (String) and list indexes (Integer). */
    record Projection(String expression, List<List<Object>> paths) {
    }

    private static List<String> section(Map<String, List<String>> sections, String name) {
        return sections.computeIfAbsent(name, k -> new ArrayList<>());
    }

    private static List<?> top(byte[] encoded, int size) throws DaxProtocolException {
        Object o;
        try {
            o = CborReader.of(encoded).read();
        } catch (IOException e) {
            throw new DaxProtocolException("malformed expression: " + e.getMessage());
        }
        if (!(o instanceof List<?> l) || l.size() != size || !Long.valueOf(1).equals(l.get(0))) {
            throw new DaxProtocolException("unsupported expression encoding");
        }
        return l;
    }

    private static int code(Object o) throws DaxProtocolException {
        if (o instanceof Long l) {
            return l.intValue();
        }
        throw new DaxProtocolException("expected an operator code, got " + o);
    }

    private String render(Object node, String prefix) throws DaxProtocolException {
        if (!(node instanceof List<?> n) || n.isEmpty()) {
            throw new DaxProtocolException("malformed expression node " + node);
        }
        int op = code(n.get(0));
        if (op >= EQUAL && op < AND) {
            return render(n.get(1), prefix) + " " + COMPARATORS[op] + " " + render(n.get(2), prefix);
        }
        return switch (op) {
            case AND -> operand(n.get(1), prefix, OR) + " AND " + operand(n.get(2), prefix, OR);
            case OR -> operand(n.get(1), prefix, AND) + " OR " + operand(n.get(2), prefix, AND);
            case NOT -> "NOT (" + render(n.get(1), prefix) + ")";
            case BETWEEN -> render(n.get(1), prefix) + " BETWEEN " + render(n.get(2), prefix) + " AND "
                    + render(n.get(3), prefix);
            case IN -> {
                List<String> args = new ArrayList<>();
                for (Object a : (List<?>) n.get(2)) {
                    args.add(render(a, prefix));
                }
                yield render(n.get(1), prefix) + " IN (" + String.join(", ", args) + ")";
            }
            case ATTRIBUTE_EXISTS -> call("attribute_exists", n, prefix);
            case ATTRIBUTE_NOT_EXISTS -> call("attribute_not_exists", n, prefix);
            case ATTRIBUTE_TYPE -> call("attribute_type", n, prefix);
            case BEGINS_WITH -> call("begins_with", n, prefix);
            case CONTAINS -> call("contains", n, prefix);
            case SIZE -> call("size", n, prefix);
            case IF_NOT_EXISTS -> call("if_not_exists", n, prefix);
            case LIST_APPEND -> call("list_append", n, prefix);
            case PLUS -> render(n.get(1), prefix) + " + " + render(n.get(2), prefix);
            case MINUS -> render(n.get(1), prefix) + " - " + render(n.get(2), prefix);
            case VARIABLE -> ":" + prefix + code(n.get(1));
            case DOCUMENT_PATH -> path(n);
            default -> throw new DaxProtocolException("unknown expression operator " + op);
        };
    }

    /**
     * AND and OR operands of the other kind, negations and (outside key conditions, whose grammar has no
     * parentheses) BETWEEN keep their grouping with parentheses.
     */
    private String operand(Object node, String prefix, int groupedKind) throws DaxProtocolException {
        String s = render(node, prefix);
        if (node instanceof List<?> n && !n.isEmpty() && n.get(0) instanceof Long l) {
            int op = l.intValue();
            if (op == groupedKind || op == NOT || (op == BETWEEN && !prefix.equals("k"))) {
                return "(" + s + ")";
            }
        }
        return s;
    }

    private String call(String function, List<?> n, String prefix) throws DaxProtocolException {
        List<String> args = new ArrayList<>();
        for (Object a : n.subList(1, n.size())) {
            args.add(render(a, prefix));
        }
        return function + "(" + String.join(", ", args) + ")";
    }

    private String path(List<?> n) throws DaxProtocolException {
        StringBuilder sb = new StringBuilder();
        for (Object e : n.subList(1, n.size())) {
            if (e instanceof String name) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(placeholder(name));
            } else if (e instanceof CborReader.Tagged t && t.tag() == AttributeValues.TAG_DOCUMENT_PATH_ORDINAL) {
                sb.append('[').append(t.value()).append(']');
            } else {
                throw new DaxProtocolException("malformed document path element " + e);
            }
        }
        return sb.toString();
    }

    private String placeholder(String name) {
        return nameToPlaceholder.computeIfAbsent(name, k -> {
            String p = "#n" + nameToPlaceholder.size();
            names.put(p, k);
            return p;
        });
    }
}
