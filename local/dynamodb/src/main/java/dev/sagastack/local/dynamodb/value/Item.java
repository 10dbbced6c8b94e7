package dev.sagastack.local.dynamodb.value;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** An item: attribute names to values, immutable, insertion ordered. */
public record Item(Map<String, AttributeValue> attributes) {

    public static final Item EMPTY = new Item(Map.of());

    public Item {
        if (!(attributes instanceof Frozen)) {
            attributes = new Frozen(new LinkedHashMap<>(attributes));
        }
    }

    /**
     * An item over a map its caller has just built for it (decoding, parsing), without the defensive
     * copy: the caller hands the map over and must not keep or change it.
     */
    public static Item adopt(Map<String, AttributeValue> built) {
        return new Item(new Frozen(built));
    }

    public AttributeValue get(String name) {
        return attributes.get(name);
    }

    /** A read-only map that only this class creates, so the constructor can tell it needs no copy. */
    private static final class Frozen extends AbstractMap<String, AttributeValue> {
        private final Map<String, AttributeValue> map;
        private final Map<String, AttributeValue> view;

        Frozen(Map<String, AttributeValue> map) {
            this.map = map;
            this.view = Collections.unmodifiableMap(map);
        }

        @Override
        public AttributeValue get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public boolean containsValue(Object value) {
            return map.containsValue(value);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public Set<String> keySet() {
            return view.keySet();
        }

        @Override
        public Collection<AttributeValue> values() {
            return view.values();
        }

        @Override
        public Set<Entry<String, AttributeValue>> entrySet() {
            return view.entrySet();
        }

        @Override
        public boolean equals(Object o) {
            return o == this || map.equals(o);
        }

        @Override
        public int hashCode() {
            return map.hashCode();
        }

        @Override
        public String toString() {
            return map.toString();
        }
    }
}
