package dev.sagastack.local.dynamodb.expression.internal;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Copies the values at a list of document paths out of an item, keeping their nesting: projected
 * elements of one list keep their relative order and close up, as in DynamoDB's responses.
 */
final class PathProjector {

    private final DocPath[] paths;
    private final String[] topLevelOnly;

    PathProjector(List<DocPath> paths) {
        this.paths = paths.toArray(new DocPath[0]);
        boolean flat = true;
        for (DocPath p : paths) {
            flat &= p.length() == 1;
        }
        if (flat) {
            topLevelOnly = new String[paths.size()];
            for (int i = 0; i < topLevelOnly.length; i++) {
                topLevelOnly[i] = paths.get(i).top();
            }
        } else {
            topLevelOnly = null;
        }
    }

    Item apply(Item item) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        if (topLevelOnly != null) {
            for (String name : topLevelOnly) {
                AttributeValue v = item.get(name);
                if (v != null) {
                    out.put(name, v);
                }
            }
            return new Item(out);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        for (DocPath path : paths) {
            AttributeValue v = path.resolve(item);
            if (v != null) {
                insert(root, path, v);
            }
        }
        for (Map.Entry<String, Object> e : root.entrySet()) {
            out.put(e.getKey(), freeze(e.getValue()));
        }
        return new Item(out);
    }

    /** Builds the path's containers (map keys in a LinkedHashMap, list indexes in a TreeMap). */
    @SuppressWarnings("unchecked")
    private static void insert(Map<String, Object> root, DocPath path, AttributeValue v) {
        Object container = root;
        int last = path.length() - 1;
        for (int i = 0; i <= last; i++) {
            Object child = i == last ? v : (path.isName(i + 1) ? new LinkedHashMap<String, Object>() : new TreeMap<Integer, Object>());
            if (path.isName(i)) {
                Map<String, Object> map = (Map<String, Object>) container;
                container = i == last ? map.put(path.name(i), child) : map.computeIfAbsent(path.name(i), k -> child);
            } else {
                TreeMap<Integer, Object> list = (TreeMap<Integer, Object>) container;
                container = i == last ? list.put(path.index(i), child) : list.computeIfAbsent(path.index(i), k -> child);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static AttributeValue freeze(Object node) {
        if (node instanceof AttributeValue v) {
            return v;
        }
        if (node instanceof TreeMap) {
            List<AttributeValue> list = new ArrayList<>();
            for (Object element : ((TreeMap<Integer, Object>) node).values()) {
                list.add(freeze(element));
            }
            return new AttributeValue.L(list);
        }
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) node).entrySet()) {
            map.put(e.getKey(), freeze(e.getValue()));
        }
        return new AttributeValue.M(map);
    }
}
