package dev.sagastack.cache;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a function container keeps between invocations (facts that cannot change, or values a conditional
 * write re-checks): a thread-safe map that drops its least recently used entry beyond a capacity, so a
 * long-lived container stays small.
 */
public final class ContainerCache {

    private ContainerCache() {
    }

    public static <K, V> Map<K, V> lru(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        return Collections.synchronizedMap(new LinkedHashMap<>(Math.min(capacity, 256), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        });
    }
}
