package dev.sagastack.local.dynamodb.partiql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders PartiQL expressions as DynamoDB expression text with ExpressionAttributeNames and
 * ExpressionAttributeValues, so that a statement runs through the same expression parser and
 * evaluator as the item operations. Every name becomes a {@code #n} placeholder (no reserved-word
 * clashes) and every literal or parameter a {@code :v} placeholder.
 */
public final class ExpressionWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final List<JsonNode> parameters;
    private final ObjectNode names = NODES.objectNode();
    private final ObjectNode values = NODES.objectNode();
    private final Map<String, String> nameSlots = new HashMap<>();

    public ExpressionWriter(List<JsonNode> parameters) {
        this.parameters = parameters;
    }

    /** The ExpressionAttributeNames used so far, or null when none. */
    public ObjectNode names() {
        return names.isEmpty() ? null : names;
    }

    /** The ExpressionAttributeValues used so far, or null when none. */
    public ObjectNode values() {
        return values.isEmpty() ? null : values;
    }

    /** A condition (WHERE clause) as condition expression text. */
    public String condition(Expr e) {
        StringBuilder b = new StringBuilder();
        writeCondition(e, b);
        return b.toString();
    }

    public String path(Expr.Path path) {
        StringBuilder b = new StringBuilder();
        writePath(path, b);
        return b.toString();
    }

    /** A value placeholder for {@code e}, which must be a literal, parameter, tuple, list or set. */
    public String value(Expr e) {
        String slot = ":v" + values.size();
        values.set(slot, resolve(e));
        return slot;
    }

    /** The right-hand side of a SET assignment: a value, a path, arithmetic or a function. */
    public String setValue(Expr e) {
        StringBuilder b = new StringBuilder();
        writeOperand(e, b, true);
        return b.toString();
    }

    private void writeCondition(Expr e, StringBuilder b) {
        if (e instanceof Expr.And a) {
            writeGrouped(a.left(), a.left() instanceof Expr.Or, b);
            b.append(" AND ");
            writeGrouped(a.right(), a.right() instanceof Expr.Or, b);
        } else if (e instanceof Expr.Or o) {
            writeCondition(o.left(), b);
            b.append(" OR ");
            writeCondition(o.right(), b);
        } else if (e instanceof Expr.Not n) {
            b.append("NOT ");
            writeGrouped(n.operand(), n.operand() instanceof Expr.And || n.operand() instanceof Expr.Or, b);
        } else if (e instanceof Expr.Compare c) {
            writeOperand(c.left(), b, false);
            b.append(' ').append(c.op()).append(' ');
            writeOperand(c.right(), b, false);
        } else if (e instanceof Expr.Between bt) {
            writeOperand(bt.value(), b, false);
            b.append(" BETWEEN ");
            writeOperand(bt.low(), b, false);
            b.append(" AND ");
            writeOperand(bt.high(), b, false);
        } else if (e instanceof Expr.In in) {
            writeOperand(in.value(), b, false);
            b.append(" IN (");
            for (int i = 0; i < in.candidates().size(); i++) {
                if (i > 0) {
                    b.append(", ");
                }
                writeOperand(in.candidates().get(i), b, false);
            }
            b.append(')');
        } else if (e instanceof Expr.Missing m) {
            b.append(m.negated() ? "attribute_exists(" : "attribute_not_exists(");
            writePath(m.path(), b);
            b.append(')');
        } else if (e instanceof Expr.IsType t) {
            if (t.negated()) {
                b.append("NOT ");
            }
            b.append("attribute_type(");
            writePath(t.path(), b);
            ObjectNode type = NODES.objectNode();
            type.put("S", t.dynamoType());
            b.append(", ").append(value(new Expr.Literal(type))).append(')');
        } else if (e instanceof Expr.Call c) {
            writeCall(c, b, false);
        } else if (e instanceof Expr.Exists) {
            throw PartiqlException.malformed("EXISTS is only supported in ExecuteTransaction");
        } else {
            throw PartiqlException.malformed("Unsupported condition: a value is not a condition");
        }
    }

    private void writeGrouped(Expr e, boolean group, StringBuilder b) {
        if (group) {
            b.append('(');
        }
        writeCondition(e, b);
        if (group) {
            b.append(')');
        }
    }

    private void writeOperand(Expr e, StringBuilder b, boolean inSet) {
        if (e instanceof Expr.Path p) {
            writePath(p, b);
        } else if (e instanceof Expr.Call c) {
            writeCall(c, b, inSet);
        } else if (e instanceof Expr.Arith a) {
            if (!inSet) {
                throw PartiqlException.malformed("Arithmetic is only supported in SET");
            }
            writeOperand(a.left(), b, true);
            b.append(' ').append(a.op()).append(' ');
            writeOperand(a.right(), b, true);
        } else if (isValue(e)) {
            b.append(value(e));
        } else {
            throw PartiqlException.malformed("A condition is not a value");
        }
    }

    static boolean isValue(Expr e) {
        return e instanceof Expr.Literal || e instanceof Expr.Param || e instanceof Expr.Tuple
                || e instanceof Expr.ListValue || e instanceof Expr.SetValue;
    }

    private void writeCall(Expr.Call c, StringBuilder b, boolean inSet) {
        b.append(c.name()).append('(');
        for (int i = 0; i < c.args().size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            writeOperand(c.args().get(i), b, inSet);
        }
        b.append(')');
    }

    private void writePath(Expr.Path path, StringBuilder b) {
        boolean first = true;
        for (Object element : path.elements()) {
            if (element instanceof Integer index) {
                b.append('[').append(index).append(']');
                continue;
            }
            if (!first) {
                b.append('.');
            }
            first = false;
            String name = (String) element;
            String slot = nameSlots.get(name);
            if (slot == null) {
                slot = "#n" + nameSlots.size();
                nameSlots.put(name, slot);
                names.put(slot, name);
            }
            b.append(slot);
        }
    }

    /** The attribute value JSON of a literal, parameter, tuple, list or set. */
    public JsonNode resolve(Expr e) {
        if (e instanceof Expr.Literal l) {
            return l.value();
        }
        if (e instanceof Expr.Param p) {
            return parameters.get(p.index());
        }
        if (e instanceof Expr.Tuple t) {
            ObjectNode m = NODES.objectNode();
            ObjectNode entries = m.putObject("M");
            t.entries().forEach((k, v) -> entries.set(k, resolve(v)));
            return m;
        }
        if (e instanceof Expr.ListValue l) {
            ObjectNode n = NODES.objectNode();
            ArrayNode a = n.putArray("L");
            l.elements().forEach(v -> a.add(resolve(v)));
            return n;
        }
        if (e instanceof Expr.SetValue s) {
            String type = null;
            ArrayNode a = NODES.arrayNode();
            for (Expr element : s.elements()) {
                JsonNode v = resolve(element);
                String t = v.isObject() && v.size() == 1 ? v.fieldNames().next() : "";
                if (!t.equals("S") && !t.equals("N") && !t.equals("B") || type != null && !type.equals(t)) {
                    throw PartiqlException.malformed("A set must hold strings, numbers or binaries of one type");
                }
                type = t;
                a.add(v.get(t));
            }
            ObjectNode n = NODES.objectNode();
            n.set(type + "S", a);
            return n;
        }
        throw PartiqlException.malformed("Expected a value, found a path or expression");
    }
}
