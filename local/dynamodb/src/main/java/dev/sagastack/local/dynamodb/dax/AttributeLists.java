package dev.sagastack.local.dynamodb.dax;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's registry of attribute-name lists: DAX sends an item's non-key attributes as a list id
 * followed by the values, and clients learn a list's names once ({@code defineAttributeList}) and its
 * id once ({@code defineAttributeListId}). Ids are shared by all connections and never reused; 1 is the
 * empty list.
 */
final class AttributeLists {

    private final Map<List<String>, Long> ids = new ConcurrentHashMap<>();
    private final Map<Long, List<String>> names = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong(2);

    AttributeLists() {
        ids.put(List.of(), 1L);
        names.put(1L, List.of());
    }

    long idOf(List<String> attributeNames) {
        List<String> key = List.copyOf(attributeNames);
        return ids.computeIfAbsent(key, k -> {
            long id = next.getAndIncrement();
            names.put(id, k);
            return id;
        });
    }

    Optional<List<String>> namesOf(long id) {
        return Optional.ofNullable(names.get(id));
    }
}
