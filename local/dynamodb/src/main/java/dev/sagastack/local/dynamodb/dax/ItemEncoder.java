package dev.sagastack.local.dynamodb.dax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Items between DynamoDB JSON and DAX's attribute-list encoding. */
final class ItemEncoder {

    private final AttributeLists lists;

    ItemEncoder(AttributeLists lists) {
        this.lists = lists;
    }

    AttributeLists lists() {
        return lists;
    }

    /** The non-key attributes as one byte string: the attribute list id, then the values in list order. */
    byte[] nonKeyAttributes(JsonNode item, KeySchema schema) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = item.fieldNames(); it.hasNext();) {
            String n = it.next();
            if (!schema.isKey(n)) {
                names.add(n);
            }
        }
        names.sort(null);
        CborWriter w = new CborWriter();
        w.integer(lists.idOf(names));
        for (String n : names) {
            AttributeValues.write(item.get(n), w);
        }
        return w.toByteArray();
    }

    /** Reads non-key attributes written by a client into {@code item}. */
    void readNonKeyAttributes(byte[] encoded, ObjectNode item) throws DaxProtocolException {
        try {
            CborReader r = CborReader.of(encoded);
            Object id = r.read();
            if (!(id instanceof Long l)) {
                throw new DaxProtocolException("attribute list id expected");
            }
            List<String> names = lists.namesOf(l)
                    .orElseThrow(() -> new DaxProtocolException("unknown attribute list id " + l));
            for (String n : names) {
                item.set(n, AttributeValues.toJson(r.read()));
            }
        } catch (IOException e) {
            throw new DaxProtocolException("malformed attributes: " + e.getMessage());
        }
    }

    /**
     * Attributes of UPDATED_OLD/UPDATED_NEW: the list id of their names, then a map of ordinal to value.
     */
    byte[] attributeProjection(JsonNode attributes) {
        List<String> names = new ArrayList<>();
        attributes.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        CborWriter w = new CborWriter();
        w.integer(lists.idOf(names));
        w.mapStream();
        for (int i = 0; i < names.size(); i++) {
            w.integer(i);
            AttributeValues.write(attributes.get(names.get(i)), w);
        }
        w.end();
        return w.toByteArray();
    }

    /** A projected item: ordinal of each projection path that the item has, to the value found there. */
    static void writeProjected(JsonNode item, List<List<Object>> paths, CborWriter out) {
        out.mapStream();
        for (int i = 0; i < paths.size(); i++) {
            JsonNode v = at(item, paths.get(i));
            if (v != null) {
                out.integer(i);
                AttributeValues.write(v, out);
            }
        }
        out.end();
    }

    private static JsonNode at(JsonNode item, List<Object> path) {
        JsonNode av = null;
        for (Object e : path) {
            if (av == null) {
                av = e instanceof String name ? item.get(name) : null;
            } else if (e instanceof String name) {
                av = av.path("M").get(name);
            } else {
                av = av.path("L").get((Integer) e);
            }
            if (av == null) {
                return null;
            }
        }
        return av;
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
