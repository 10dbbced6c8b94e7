package dev.sagastack.local.dynamodb.expression.internal;

import dev.sagastack.local.dynamodb.expression.ExpressionException;
import dev.sagastack.local.dynamodb.expression.internal.Operand.ArithmeticOperand;
import dev.sagastack.local.dynamodb.expression.internal.Operand.FunctionOperand;
import dev.sagastack.local.dynamodb.expression.internal.Operand.PathOperand;
import dev.sagastack.local.dynamodb.expression.internal.Operand.ValueOperand;
import dev.sagastack.local.dynamodb.expression.internal.UpdateTemplate.Action;
import dev.sagastack.local.dynamodb.expression.internal.UpdateTemplate.ActionKind;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;
import dev.sagastack.local.dynamodb.value.Numbers;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies update actions to a copy of an item, as DynamoDB does: every SET value is computed from
 * the item as it was before the update, and list indexes always mean positions in the original
 * list (removed elements close up afterwards; SET past the end appends, in index order).
 */
final class UpdateApplier {

    static final String INVALID_PATH = "The document path provided in the update expression is invalid for update";
    static final String WRONG_TYPE = "An operand in the update expression has an incorrect data type";
    static final String MISSING_ATTRIBUTE = "The provided expression refers to an attribute that does not exist in the item";

    private UpdateApplier() {
    }

    /** A map being changed; values are AttributeValue or nested MutableMap/MutableList. */
    private static final class MutableMap {
        final LinkedHashMap<String, Object> entries;

        MutableMap(Map<String, AttributeValue> source) {
            entries = new LinkedHashMap<>(source);
        }
    }

    /** A list being changed, addressed by original positions until it is frozen. */
    private static final class MutableList {
        final ArrayList<Object> elements;
        final int originalSize;
        boolean[] removed;
        TreeMap<Integer, Object> appended;

        MutableList(List<AttributeValue> source) {
            elements = new ArrayList<>(source);
            originalSize = source.size();
        }

        void remove(int index) {
            if (removed == null) {
                removed = new boolean[originalSize];
            }
            removed[index] = true;
        }

        void append(int index, Object value) {
            if (appended == null) {
                appended = new TreeMap<>();
            }
            appended.put(index, value);
        }
    }

    static Item apply(Action[] actions, Item item, AttributeValue[] values) {
        AttributeValue[] computed = new AttributeValue[actions.length];
        for (int i = 0; i < actions.length; i++) {
            Action a = actions[i];
            if (a.kind == ActionKind.SET) {
                computed[i] = evaluate(a.value, item, values);
            } else if (a.value != null) {
                computed[i] = values[((ValueOperand) a.value).slot];
            }
        }
        MutableMap root = new MutableMap(item.attributes());
        boolean nested = false;
        for (int i = 0; i < actions.length; i++) {
            perform(root, actions[i], computed[i]);
            nested |= actions[i].path.length() > 1;
        }
        if (!nested) {
            // Only top-level attributes changed: every entry is still an AttributeValue.
            @SuppressWarnings("unchecked")
            Map<String, AttributeValue> flat = (Map<String, AttributeValue>) (Map<String, ?>) root.entries;
            return new Item(flat);
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : root.entries.entrySet()) {
            out.put(e.getKey(), freeze(e.getValue()));
        }
        return new Item(out);
    }

    /** The value of a SET operand, computed from the item before the update. */
    private static AttributeValue evaluate(Operand o, Item item, AttributeValue[] values) {
        if (o instanceof ValueOperand v) {
            return values[v.slot];
        }
        if (o instanceof PathOperand p) {
            AttributeValue v = p.path.resolve(item);
            if (v == null) {
                throw new ExpressionException(MISSING_ATTRIBUTE);
            }
            return v;
        }
        if (o instanceof ArithmeticOperand a) {
            AttributeValue left = evaluate(a.left, item, values);
            if (!(left instanceof AttributeValue.N l)) {
                throw new ExpressionException(WRONG_TYPE);
            }
            AttributeValue right = evaluate(a.right, item, values);
            if (!(right instanceof AttributeValue.N r)) {
                throw new ExpressionException(WRONG_TYPE);
            }
            return number(a.plus ? l.value().add(r.value()) : l.value().subtract(r.value()));
        }
        FunctionOperand f = (FunctionOperand) o;
        if (f.function == Operand.Function.IF_NOT_EXISTS) {
            AttributeValue existing = ((PathOperand) f.args[0]).path.resolve(item);
            return existing != null ? existing : evaluate(f.args[1], item, values);
        }
        AttributeValue first = evaluate(f.args[0], item, values);
        if (!(first instanceof AttributeValue.L l1)) {
            throw new ExpressionException(WRONG_TYPE);
        }
        AttributeValue second = evaluate(f.args[1], item, values);
        if (!(second instanceof AttributeValue.L l2)) {
            throw new ExpressionException(WRONG_TYPE);
        }
        List<AttributeValue> joined = new ArrayList<>(l1.value().size() + l2.value().size());
        joined.addAll(l1.value());
        joined.addAll(l2.value());
        return new AttributeValue.L(joined);
    }

    private static AttributeValue.N number(BigDecimal value) {
        try {
            return new AttributeValue.N(Numbers.check(value));
        } catch (Numbers.NumberRuleException e) {
            throw new ExpressionException(e.getMessage());
        }
    }

    private static void perform(MutableMap root, Action a, AttributeValue value) {
        DocPath path = a.path;
        int last = path.length() - 1;
        Object container = root;
        for (int i = 0; i < last; i++) {
            Object child = child(container, path, i);
            if (child instanceof AttributeValue.M m) {
                child = new MutableMap(m.value());
                replace(container, path, i, child);
            } else if (child instanceof AttributeValue.L l) {
                child = new MutableList(l.value());
                replace(container, path, i, child);
            } else if (!(child instanceof MutableMap) && !(child instanceof MutableList)) {
                throw new ExpressionException(INVALID_PATH);
            }
            container = child;
        }
        if (path.isName(last)) {
            if (!(container instanceof MutableMap map)) {
                throw new ExpressionException(INVALID_PATH);
            }
            String key = path.name(last);
            AttributeValue result = change(a.kind, (AttributeValue) map.entries.get(key), value);
            if (result == null) {
                map.entries.remove(key);
            } else {
                map.entries.put(key, result);
            }
            return;
        }
        if (!(container instanceof MutableList list)) {
            throw new ExpressionException(INVALID_PATH);
        }
        int index = path.index(last);
        if (index < list.originalSize) {
            AttributeValue result = change(a.kind, (AttributeValue) list.elements.get(index), value);
            if (result == null) {
                list.remove(index);
            } else {
                list.elements.set(index, result);
            }
        } else if (a.kind == ActionKind.SET || a.kind == ActionKind.ADD) {
            list.append(index, value);
        }
    }

    /** The new value at a target after the action, or null when the target ends up absent. */
    private static AttributeValue change(ActionKind kind, AttributeValue existing, AttributeValue value) {
        switch (kind) {
            case SET:
                return value;
            case REMOVE:
                return null;
            case ADD:
                return existing == null ? value : add(existing, value);
            default:
                return existing == null ? null : delete(existing, value);
        }
    }

    private static AttributeValue add(AttributeValue existing, AttributeValue value) {
        if (existing.type() != value.type()) {
            throw new ExpressionException(WRONG_TYPE);
        }
        if (value instanceof AttributeValue.N n) {
            return number(((AttributeValue.N) existing).value().add(n.value()));
        }
        if (value instanceof AttributeValue.SS s) {
            return new AttributeValue.SS(union(((AttributeValue.SS) existing).value(), s.value()));
        }
        if (value instanceof AttributeValue.NS s) {
            return new AttributeValue.NS(union(((AttributeValue.NS) existing).value(), s.value()));
        }
        return new AttributeValue.BS(union(((AttributeValue.BS) existing).value(), ((AttributeValue.BS) value).value()));
    }

    /** Removes the value's elements from a set; null when nothing is left. */
    private static AttributeValue delete(AttributeValue existing, AttributeValue value) {
        if (existing.type() != value.type()) {
            throw new ExpressionException(WRONG_TYPE);
        }
        if (value instanceof AttributeValue.SS s) {
            Set<String> rest = minus(((AttributeValue.SS) existing).value(), s.value());
            return rest.isEmpty() ? null : new AttributeValue.SS(rest);
        }
        if (value instanceof AttributeValue.NS s) {
            Set<BigDecimal> rest = minus(((AttributeValue.NS) existing).value(), s.value());
            return rest.isEmpty() ? null : new AttributeValue.NS(rest);
        }
        Set<ByteBuffer> rest = minus(((AttributeValue.BS) existing).value(), ((AttributeValue.BS) value).value());
        return rest.isEmpty() ? null : new AttributeValue.BS(rest);
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static Object child(Object container, DocPath path, int i) {
        if (path.isName(i)) {
            return container instanceof MutableMap m ? m.entries.get(path.name(i)) : null;
        }
        if (container instanceof MutableList l && path.index(i) < l.originalSize) {
            return l.elements.get(path.index(i));
        }
        return null;
    }

    private static void replace(Object container, DocPath path, int i, Object child) {
        if (container instanceof MutableMap m) {
            m.entries.put(path.name(i), child);
        } else {
            ((MutableList) container).elements.set(path.index(i), child);
        }
    }

    private static AttributeValue freeze(Object node) {
        if (node instanceof AttributeValue v) {
            return v;
        }
        if (node instanceof MutableMap m) {
            Map<String, AttributeValue> map = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : m.entries.entrySet()) {
                map.put(e.getKey(), freeze(e.getValue()));
            }
            return new AttributeValue.M(map);
        }
        MutableList l = (MutableList) node;
        List<AttributeValue> list = new ArrayList<>(l.elements.size());
        for (int i = 0; i < l.elements.size(); i++) {
            if (l.removed == null || !l.removed[i]) {
                list.add(freeze(l.elements.get(i)));
            }
        }
        if (l.appended != null) {
            for (Object v : l.appended.values()) {
                list.add(freeze(v));
            }
        }
        return new AttributeValue.L(list);
    }
}
