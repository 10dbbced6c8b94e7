package dev.sagastack.local.dynamodb.expression.internal;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;
import java.util.Arrays;
import java.util.List;

/**
 * A document path with expression attribute names already substituted: a top-level attribute
 * name followed by map keys and list indexes. Element {@code i} is the map key {@code names[i]},
 * or, when that is null, the list index {@code indexes[i]}.
 */
public final class DocPath {

    private final String[] names;
    private final int[] indexes;

    DocPath(String[] names, int[] indexes) {
        this.names = names;
        this.indexes = indexes;
    }

    static DocPath of(List<String> names, List<Integer> indexes) {
        String[] n = names.toArray(new String[0]);
        int[] x = new int[indexes.size()];
        for (int i = 0; i < x.length; i++) {
            Integer v = indexes.get(i);
            x[i] = v == null ? -1 : v;
        }
        return new DocPath(n, x);
    }

    public int length() {
        return names.length;
    }

    public String top() {
        return names[0];
    }

    public boolean isName(int i) {
        return names[i] != null;
    }

    public String name(int i) {
        return names[i];
    }

    public int index(int i) {
        return indexes[i];
    }

    /** The value at this path, or null when any step is missing or of the wrong type. */
    public AttributeValue resolve(Item item) {
        AttributeValue current = item.get(names[0]);
        for (int i = 1; i < names.length && current != null; i++) {
            current = step(current, i);
        }
        return current;
    }

    AttributeValue step(AttributeValue current, int i) {
        if (names[i] != null) {
            return current instanceof AttributeValue.M m ? m.value().get(names[i]) : null;
        }
        if (current instanceof AttributeValue.L l) {
            List<AttributeValue> list = l.value();
            return indexes[i] < list.size() ? list.get(indexes[i]) : null;
        }
        return null;
    }

    /** How DynamoDB prints a path in messages: {@code [a, b, [2]]}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            if (names[i] != null) {
                b.append(names[i]);
            } else {
                b.append('[').append(indexes[i]).append(']');
            }
        }
        return b.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DocPath p && Arrays.equals(names, p.names) && Arrays.equals(indexes, p.indexes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(names) * 31 + Arrays.hashCode(indexes);
    }

    /**
     * How two document paths of one expression relate: 0 when independent, 1 when one is a
     * prefix of (or equal to) the other, 2 when they address the same element as both a map
     * key and a list index.
     */
    static int relation(DocPath a, DocPath b) {
        int n = Math.min(a.names.length, b.names.length);
        for (int i = 0; i < n; i++) {
            boolean an = a.names[i] != null;
            boolean bn = b.names[i] != null;
            if (an != bn) {
                return 2;
            }
            if (an ? !a.names[i].equals(b.names[i]) : a.indexes[i] != b.indexes[i]) {
                return 0;
            }
        }
        return 1;
    }
}
