package dev.sagastack.local.dynamodb.dax;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * DAX's two caches, as the DAX developer guide describes them ("DAX and DynamoDB consistency models"):
 * the item cache holds GetItem/BatchGetItem results (also "not found") per item key, is filled by
 * eventually consistent reads and written through by writes made through DAX; the query cache holds
 * Query/Scan results per exact request and is not touched by writes. Entries live for their TTL
 * (5 minutes by default). Writes made directly to the engine do not reach either cache.
 */
public final class DaxCache {

    /** Hit and miss counts of one table. */
    public record Counters(long itemHits, long itemMisses, long queryHits, long queryMisses) {
    }

    private record Entry(JsonNode value, long expiresAtMillis) {
    }

    private static final class TableCounters {
        final LongAdder itemHits = new LongAdder();
        final LongAdder itemMisses = new LongAdder();
        final LongAdder queryHits = new LongAdder();
        final LongAdder queryMisses = new LongAdder();
    }

    private static final int MAX_ENTRIES = 200_000;

    private final Clock clock;
    private final long itemTtlMillis;
    private final long queryTtlMillis;
    /** item id (table + encoded key) -> projection -> entry. */
    private final Map<String, Map<String, Entry>> items = new ConcurrentHashMap<>();
    private final Map<String, Entry> queries = new ConcurrentHashMap<>();
    /** item id -> count of writes through DAX, so a read that raced a write does not file its older result. */
    private final Map<String, Long> writes = new ConcurrentHashMap<>();
    private final Map<String, TableCounters> counters = new ConcurrentHashMap<>();

    public DaxCache(Clock clock, Duration itemTtl, Duration queryTtl) {
        this.clock = clock;
        this.itemTtlMillis = itemTtl.toMillis();
        this.queryTtlMillis = queryTtl.toMillis();
    }

    Optional<JsonNode> item(String table, String itemId, String projection) {
        Map<String, Entry> variants = items.get(itemId);
        Entry e = variants == null ? null : variants.get(projection);
        TableCounters c = counters(table);
        if (e != null && e.expiresAtMillis > clock.millis()) {
            c.itemHits.increment();
            return Optional.of(e.value);
        }
        c.itemMisses.increment();
        return Optional.empty();
    }

    /** Taken before reading the engine; {@link #putItem} files the result only if no write came since. */
    long writeStamp(String itemId) {
        return writes.getOrDefault(itemId, 0L);
    }

    void putItem(String itemId, String projection, JsonNode response, long stamp) {
        if (itemTtlMillis <= 0) {
            return;
        }
        bound(items);
        bound(writes);
        items.compute(itemId, (k, variants) -> {
            if (writes.getOrDefault(itemId, 0L) != stamp) {
                return variants;
            }
            Map<String, Entry> v = variants == null ? new ConcurrentHashMap<>() : variants;
            v.put(projection, new Entry(response, clock.millis() + itemTtlMillis));
            return v;
        });
    }

    /**
     * A write through DAX reached the engine: every cached form of the item is dropped, and the stamp
     * returned files the item as read after the write ({@link #putItem}) unless a later write came.
     */
    long writeThrough(String itemId) {
        long stamp = writes.merge(itemId, 1L, Long::sum);
        items.remove(itemId);
        return stamp;
    }

    Optional<JsonNode> query(String table, String request) {
        Entry e = queries.get(request);
        TableCounters c = counters(table);
        if (e != null && e.expiresAtMillis > clock.millis()) {
            c.queryHits.increment();
            return Optional.of(e.value);
        }
        c.queryMisses.increment();
        return Optional.empty();
    }

    void putQuery(String request, JsonNode response) {
        if (queryTtlMillis <= 0) {
            return;
        }
        bound(queries);
        queries.put(request, new Entry(response, clock.millis() + queryTtlMillis));
    }

    /** Hit/miss counters per table, for the console. */
    public Map<String, Counters> counters() {
        Map<String, Counters> out = new TreeMap<>();
        counters.forEach((t, c) -> out.put(t, new Counters(c.itemHits.sum(), c.itemMisses.sum(),
                c.queryHits.sum(), c.queryMisses.sum())));
        return out;
    }

    private TableCounters counters(String table) {
        return counters.computeIfAbsent(table, t -> new TableCounters());
    }

    /** A local cache stays bounded: past the limit it starts over (a cold cache is always correct). */
    private static void bound(Map<?, ?> map) {
        if (map.size() > MAX_ENTRIES) {
            map.clear();
        }
    }
}
