package dev.sagastack.local.dynamodb.expression.internal;

import dev.sagastack.local.dynamodb.expression.Update;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed update expression that depends only on its text and attribute names, so it can be
 * cached and shared. {@link #bind} attaches one request's values and runs the checks that
 * depend on them.
 */
public final class UpdateTemplate {

    enum ActionKind { SET, REMOVE, ADD, DELETE }

    /** One action: SET path = value, REMOVE path, ADD path :v or DELETE path :v. */
    static final class Action {
        final ActionKind kind;
        final DocPath path;
        final Operand value;
        final int pos;

        Action(ActionKind kind, DocPath path, Operand value, int pos) {
            this.kind = kind;
            this.path = path;
            this.value = value;
            this.pos = pos;
        }
    }

    final Action[] actions;
    private final List<String> nameRefList;
    private final List<String> valueRefList;
    private final String[] valueRefs;
    private final int[] valueFirstPos;
    private final Problems problems;
    private final Set<String> topLevel;
    private final PathProjector updatedPaths;

    UpdateTemplate(Action[] actions, String[] nameRefs, String[] valueRefs, int[] valueFirstPos, Problems problems) {
        this.actions = actions;
        this.nameRefList = List.of(nameRefs);
        this.valueRefList = List.of(valueRefs);
        this.valueRefs = valueRefs;
        this.valueFirstPos = valueFirstPos;
        this.problems = problems;
        Set<String> top = new LinkedHashSet<>();
        List<DocPath> paths = new ArrayList<>();
        for (Action a : actions) {
            top.add(a.path.top());
            paths.add(a.path);
        }
        this.topLevel = Collections.unmodifiableSet(top);
        this.updatedPaths = new PathProjector(paths);
    }

    /**
     * Parses an update expression.
     *
     * @throws ParseFailure on a syntax error
     */
    public static UpdateTemplate parse(String text, Map<String, String> names) {
        return new UpdateParser(text, names).parse();
    }

    public List<String> nameRefs() {
        return nameRefList;
    }

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
                found.add(UpdateParser.UNDEFINED_VALUE, valueFirstPos[i],
                        "An expression attribute value used in expression is not defined; attribute value: " + valueRefs[i]);
            }
        }
        for (Action a : actions) {
            if (a.kind == ActionKind.SET) {
                checkSetValue(a.value, bound, found);
            } else if (a.value != null) {
                checkAddDelete(a, bound[((Operand.ValueOperand) a.value).slot], found);
            }
        }
        if (found.any()) {
            throw new ParseFailure(found.message());
        }
        return new Bound(this, bound);
    }

    /** ADD takes a number or a set, DELETE a set. */
    private static void checkAddDelete(Action a, AttributeValue v, Problems found) {
        if (v == null) {
            return;
        }
        String word = Values.typeWord(v.type());
        if (word != null && !(a.kind == ActionKind.ADD && v.type() == AttributeValue.Type.N)) {
            found.add(UpdateParser.OPERAND, a.pos,
                    "Incorrect operand type for operator or function; operator: " + a.kind.name() + ", operand type: " + word);
        }
    }

    /** Values given directly to +, - and list_append must be numbers and lists. */
    private static void checkSetValue(Operand o, AttributeValue[] values, Problems found) {
        if (o instanceof Operand.ArithmeticOperand a) {
            checkSetValue(a.left, values, found);
            checkSetValue(a.right, values, found);
            requireType(a.plus ? "+" : "-", a.pos, AttributeValue.Type.N, values, found, a.left, a.right);
        } else if (o instanceof Operand.FunctionOperand f) {
            for (Operand arg : f.args) {
                checkSetValue(arg, values, found);
            }
            if (f.function == Operand.Function.LIST_APPEND) {
                requireType(f.name, f.pos, AttributeValue.Type.L, values, found, f.args);
            }
        }
    }

    private static void requireType(String operator, int pos, AttributeValue.Type type, AttributeValue[] values,
            Problems found, Operand... operands) {
        for (Operand o : operands) {
            if (o instanceof Operand.ValueOperand v && values[v.slot] != null && values[v.slot].type() != type) {
                found.add(UpdateParser.FUNCTION, pos, "Incorrect operand type for operator or function; operator or function: "
                        + operator + ", operand type: " + values[v.slot].type().name());
                return;
            }
        }
    }

    /** An update with one request's values attached; immutable. */
    public static final class Bound implements Update {
        private final UpdateTemplate template;
        private final AttributeValue[] values;

        Bound(UpdateTemplate template, AttributeValue[] values) {
            this.template = template;
            this.values = values;
        }

        @Override
        public Item apply(Item item) {
            return UpdateApplier.apply(template.actions, item, values);
        }

        @Override
        public Set<String> topLevelAttributes() {
            return template.topLevel;
        }

        @Override
        public boolean onlyRemoves() {
            for (Action a : template.actions) {
                if (a.kind == ActionKind.SET || a.kind == ActionKind.ADD) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Item projectUpdatedPaths(Item item) {
            return template.updatedPaths.apply(item);
        }
    }
}
