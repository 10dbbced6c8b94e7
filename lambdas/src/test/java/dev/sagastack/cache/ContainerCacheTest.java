package dev.sagastack.cache;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerCacheTest {

    @Test
    void beyondItsCapacityTheLeastRecentlyUsedEntryGoes() {
        Map<String, Integer> cache = ContainerCache.lru(2);
        cache.put("a", 1);
        cache.put("b", 2);
        cache.get("a"); // a is now more recent than b
        cache.put("c", 3);

        assertThat(cache).containsOnlyKeys("a", "c");
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> ContainerCache.lru(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
