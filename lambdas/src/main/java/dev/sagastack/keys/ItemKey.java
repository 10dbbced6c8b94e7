package dev.sagastack.keys;

import dev.sagastack.schema.Tables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.Map;

/** The primary key of one item in either table: {@code PK} and {@code SK}. */
public record ItemKey(String pk, String sk) {

    public ItemKey {
        if (pk == null || pk.isEmpty() || sk == null || sk.isEmpty()) {
            throw new IllegalArgumentException("PK and SK must be non-empty");
        }
    }

    /** A mutable map, so callers can add attributes to build a whole item. */
    public Map<String, AttributeValue> toMap() {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put(Tables.PK, AttributeValue.fromS(pk));
        map.put(Tables.SK, AttributeValue.fromS(sk));
        return map;
    }

    public static ItemKey of(Map<String, AttributeValue> item) {
        return new ItemKey(item.get(Tables.PK).s(), item.get(Tables.SK).s());
    }

    @Override
    public String toString() {
        return pk + " / " + sk;
    }
}
