package dev.sagastack.local.dynamodb.expression.internal;

import dev.sagastack.local.dynamodb.expression.Condition;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed condition that depends only on the expression text and its attribute names, so it can
 * be cached and shared between requests and threads. {@link #bind} attaches one request's values,
 * runs the checks that depend on them, and reports the problem DynamoDB would report.
 */
public final class ConditionTemplate {

    private static final Set<String> TYPE_NAMES = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");

    final CondNode root;
    private final List<String> nameRefList;
    private final List<String> valueRefList;
    private final String[] valueRefs;
    private final int[] valueFirstPos;
    private final Problems problems;
    private final Set<String> topLevel;

    ConditionTemplate(CondNode root, String[] nameRefs, String[] valueRefs, int[] valueFirstPos, Problems problems) {
        this.root = root;
        this.nameRefList = List.of(nameRefs);
        this.valueRefList = List.of(valueRefs);
        this.valueRefs = valueRefs;
        this.valueFirstPos = valueFirstPos;
        this.problems = problems;
        Set<String> top = new LinkedHashSet<>();
        collectTopLevel(root, top);
        this.topLevel = Collections.unmodifiableSet(top);
    }

    private static void collectTopLevel(CondNode node, Set<String> out) {
        if (node instanceof CondNode.Or n) {
            collectTopLevel(n.left, out);
            collectTopLevel(n.right, out);
        } else if (node instanceof CondNode.And n) {
            collectTopLevel(n.left, out);
            collectTopLevel(n.right, out);
        } else if (node instanceof CondNode.Not n) {
            collectTopLevel(n.operand, out);
        } else if (node instanceof CondNode.Compare n) {
            collectTopLevel(n.left, out);
            collectTopLevel(n.right, out);
        } else if (node instanceof CondNode.Between n) {
            collectTopLevel(n.operand, out);
            collectTopLevel(n.low, out);
            collectTopLevel(n.high, out);
        } else if (node instanceof CondNode.In n) {
            collectTopLevel(n.operand, out);
            for (Operand o : n.list) {
                collectTopLevel(o, out);
            }
        } else if (node instanceof CondNode.FunctionCond n) {
            collectTopLevel(n.call, out);
        }
    }

    private static void collectTopLevel(Operand o, Set<String> out) {
        if (o instanceof Operand.PathOperand p) {
            out.add(p.path.top());
        } else if (o instanceof Operand.FunctionOperand f) {
            for (Operand a : f.args) {
                collectTopLevel(a, out);
            }
        }
    }

    /**
     * Parses a condition.
     *
     * @throws ParseFailure on a syntax error
     */
    public static ConditionTemplate parse(String text, Map<String, String> names) {
        return new ConditionParser(text, names).parse();
    }

    /** The expression attribute names ({@code #n}) this condition uses. */
    public List<String> nameRefs() {
        return nameRefList;
    }

    /** The expression attribute values ({@code :v}) this condition uses. */
    public List<String> valueRefs() {
        return valueRefList;
    }

    /**
     * Binds the request's values.
     *
     * @throws ParseFailure with the problem DynamoDB reports first, if any
     */
    public Bound bind(Map<String, AttributeValue> values) {
        AttributeValue[] bound = new AttributeValue[valueRefs.length];
        Problems found = new Problems(problems);
        for (int i = 0; i < valueRefs.length; i++) {
            bound[i] = values.get(valueRefs[i]);
            if (bound[i] == null) {
                found.add(ConditionParser.UNDEFINED, valueFirstPos[i],
                        "An expression attribute value used in expression is not defined; attribute value: " + valueRefs[i]);
            }
        }
        check(root, bound, found);
        if (found.any()) {
            throw new ParseFailure(found.message());
        }
        return new Bound(this, bound);
    }

    private static void check(CondNode node, AttributeValue[] values, Problems found) {
        if (node instanceof CondNode.Or n) {
            check(n.left, values, found);
            check(n.right, values, found);
        } else if (node instanceof CondNode.And n) {
            check(n.left, values, found);
            check(n.right, values, found);
        } else if (node instanceof CondNode.Not n) {
            check(n.operand, values, found);
        } else if (node instanceof CondNode.Compare n) {
            checkOperand(n.left, values, found);
            checkOperand(n.right, values, found);
        } else if (node instanceof CondNode.Between n) {
            checkOperand(n.operand, values, found);
            checkOperand(n.low, values, found);
            checkOperand(n.high, values, found);
            checkBounds(n, values, found);
        } else if (node instanceof CondNode.In n) {
            checkOperand(n.operand, values, found);
            for (Operand o : n.list) {
                checkOperand(o, values, found);
            }
        } else if (node instanceof CondNode.FunctionCond n) {
            checkOperand(n.call, values, found);
        }
    }

    private static void checkBounds(CondNode.Between n, AttributeValue[] values, Problems found) {
        if (!(n.low instanceof Operand.ValueOperand lo) || !(n.high instanceof Operand.ValueOperand hi)) {
            return;
        }
        AttributeValue low = values[lo.slot];
        AttributeValue high = values[hi.slot];
        if (low == null || high == null) {
            return;
        }
        String operands = "lower bound operand: AttributeValue: " + Values.describe(low)
                + ", upper bound operand: AttributeValue: " + Values.describe(high);
        if (low.type() != high.type()) {
            found.add(ConditionParser.FUNCTION, n.pos,
                    "The BETWEEN operator requires same data type for lower and upper bounds; " + operands);
        } else if (Values.isOrderedType(low.type()) && Values.compareOrdered(low, high) > 0) {
            found.add(ConditionParser.FUNCTION, n.pos,
                    "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; " + operands);
        }
    }

    private static void checkOperand(Operand o, AttributeValue[] values, Problems found) {
        if (!(o instanceof Operand.FunctionOperand f) || f.args.length != f.function.arity) {
            return;
        }
        for (Operand a : f.args) {
            checkOperand(a, values, found);
        }
        switch (f.function) {
            case BEGINS_WITH:
                for (Operand a : f.args) {
                    AttributeValue v = valueOf(a, values);
                    if (v != null && v.type() != AttributeValue.Type.S && v.type() != AttributeValue.Type.B) {
                        incorrectType(f, v, found);
                    }
                }
                break;
            case ATTRIBUTE_TYPE: {
                AttributeValue v = valueOf(f.args[1], values);
                if (v instanceof AttributeValue.S s) {
                    if (!TYPE_NAMES.contains(s.value())) {
                        found.add(ConditionParser.FUNCTION, f.pos, "Invalid attribute type name found; type: " + s.value()
                                + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
                    }
                } else if (v != null) {
                    incorrectType(f, v, found);
                }
                break;
            }
            case SIZE: {
                AttributeValue v = valueOf(f.args[0], values);
                if (v != null && (v.type() == AttributeValue.Type.N || v.type() == AttributeValue.Type.BOOL
                        || v.type() == AttributeValue.Type.NULL)) {
                    incorrectType(f, v, found);
                }
                break;
            }
            default:
                break;
        }
    }

    private static AttributeValue valueOf(Operand o, AttributeValue[] values) {
        return o instanceof Operand.ValueOperand v ? values[v.slot] : null;
    }

    private static void incorrectType(Operand.FunctionOperand f, AttributeValue v, Problems found) {
        found.add(ConditionParser.FUNCTION, f.pos, "Incorrect operand type for operator or function; operator or function: "
                + f.name + ", operand type: " + v.type().name());
    }

    /** A condition with one request's values attached; immutable. */
    public static final class Bound implements Condition {
        final ConditionTemplate template;
        final AttributeValue[] values;

        Bound(ConditionTemplate template, AttributeValue[] values) {
            this.template = template;
            this.values = values;
        }

        @Override
        public boolean test(Item item) {
            return template.root.test(item, values);
        }

        @Override
        public Set<String> topLevelAttributes() {
            return template.topLevel;
        }
    }
}
