package dev.sagastack.local.dynamodb.value;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An item: attribute names to values, immutable, insertion ordered. */
public record Item(Map<String, AttributeValue> attributes) {

    public static final Item EMPTY = new Item(Map.of());

    public Item {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public AttributeValue get(String name) {
        return attributes.get(name);
    }
}
