package dev.sagastack.local.dynamodb.engine;

import dev.sagastack.local.dynamodb.streams.StreamLog;
import dev.sagastack.local.dynamodb.streams.StreamRecord;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A table's data: items in a sorted map keyed by {@link KeyCodec} primary keys, one sorted map per
 * secondary index (index key + primary key to primary key), and the current stream. Item writes go
 * through {@link #write} while the caller holds the item's stripe lock and this table's shared
 * lock; schema changes take the exclusive lock.
 */
public final class Table {

    private volatile TableSchema schema;
    private final ConcurrentSkipListMap<byte[], Stored> items = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
    /**
     * The same items by primary key, sharing their {@link Stored} cells with {@link #items}: a point
     * read probes a hash table where the skip list walks one node per level, and overwriting an item
     * replaces its cell's bytes without a skip-list walk. Written under the item's lock.
     */
    private final ConcurrentHashMap<PrimaryKey, Stored> byKey = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<byte[], byte[]>> indexes = new ConcurrentHashMap<>();
    private final AtomicLong itemCount = new AtomicLong();
    private final AtomicLong sizeBytes = new AtomicLong();
    private final ReentrantReadWriteLock schemaLock = new ReentrantReadWriteLock();
    /**
     * Bytes per item collection (partition prefix to {@link ItemCollectionSize}), kept only for
     * tables with local secondary indexes so ItemCollectionMetrics never scans a partition; null
     * otherwise, which leaves other tables' writes untouched. LSIs are fixed at creation.
     */
    private final ConcurrentHashMap<PrimaryKey, Long> collections;
    private volatile StreamLog stream;
    private volatile boolean deleted;
    private final Persistence persistence;

    public Table(TableSchema schema, Persistence persistence) {
        this.schema = schema;
        this.persistence = persistence;
        this.collections = schema.localIndexes().isEmpty() ? null : new ConcurrentHashMap<>();
        for (IndexSchema index : schema.allIndexes()) {
            indexes.put(index.name(), new ConcurrentSkipListMap<>(Arrays::compareUnsigned));
        }
    }

    public TableSchema schema() {
        return schema;
    }

    public String name() {
        return schema.name();
    }

    public ReentrantReadWriteLock schemaLock() {
        return schemaLock;
    }

    public boolean deleted() {
        return deleted;
    }

    void markDeleted() {
        deleted = true;
    }

    public long itemCount() {
        return itemCount.get();
    }

    public long sizeBytes() {
        return sizeBytes.get();
    }

    /**
     * The current size in bytes of the item collection with this partition key value (0 when it is
     * empty or the table has no local secondary indexes).
     */
    public long collectionBytes(AttributeValue partitionValue) {
        if (collections == null) {
            return 0;
        }
        Long bytes = collections.get(new PrimaryKey(KeyCodec.partitionPrefix(partitionValue)));
        return bytes == null ? 0 : bytes;
    }

    /** Adds the change of one item to its collection's count; the item's lock is held. */
    private void trackCollection(Item oldItem, int oldSize, Item newItem, int newSize) {
        TableSchema s = schema;
        long delta = (newItem == null ? 0 : ItemCollectionSize.of(s, newItem, newSize))
                - (oldItem == null ? 0 : ItemCollectionSize.of(s, oldItem, oldSize));
        if (delta == 0) {
            return;
        }
        Item any = newItem != null ? newItem : oldItem;
        PrimaryKey partition = new PrimaryKey(KeyCodec.partitionPrefix(any.get(s.hashKey().name())));
        // other sort keys of the partition are written concurrently under other stripes
        collections.compute(partition, (k, v) -> {
            long total = (v == null ? 0 : v) + delta;
            return total == 0 ? null : total;
        });
    }

    public Optional<StreamLog> stream() {
        return Optional.ofNullable(stream);
    }

    void setStream(StreamLog log) {
        this.stream = log;
    }

    /** Replaces the schema; caller holds the exclusive schema lock. */
    void setSchema(TableSchema newSchema) {
        this.schema = newSchema;
    }

    /** The items in key order; each value is the item's current encoding cell. */
    public ConcurrentSkipListMap<byte[], Stored> items() {
        return items;
    }

    public ConcurrentSkipListMap<byte[], byte[]> index(String name) {
        return indexes.get(name);
    }

    // ---- keys ----

    /** The stored primary key of an item or key map; the key attributes must be present and valid. */
    public byte[] primaryKey(Map<String, AttributeValue> attributes) {
        TableSchema s = schema;
        byte[] prefix = KeyCodec.partitionPrefix(attributes.get(s.hashKey().name()));
        if (s.rangeKey().isEmpty()) {
            return prefix;
        }
        return KeyCodec.concat(prefix, KeyCodec.sortComponent(attributes.get(s.rangeKey().get().name())));
    }

    /** The index entry key for an item, or null when the item lacks the index's key attributes. */
    public static byte[] indexKey(IndexSchema index, Item item, byte[] primaryKey) {
        AttributeValue h = item.get(index.hashKey().name());
        if (!index.hashKey().matchesType(h)) {
            return null;
        }
        byte[] prefix = KeyCodec.partitionPrefix(h);
        if (index.rangeKey().isEmpty()) {
            return KeyCodec.concat(prefix, primaryKey);
        }
        AttributeValue r = item.get(index.rangeKey().get().name());
        if (!index.rangeKey().get().matchesType(r)) {
            return null;
        }
        return KeyCodec.concat(prefix, KeyCodec.sortComponent(r), primaryKey);
    }

    public Item keyOf(Item item) {
        TableSchema s = schema;
        Map<String, AttributeValue> key = new LinkedHashMap<>(4);
        key.put(s.hashKey().name(), item.get(s.hashKey().name()));
        s.rangeKey().ifPresent(r -> key.put(r.name(), item.get(r.name())));
        return new Item(key);
    }

    // ---- reads ----

    /** The stored encoding of the item at the key, or null. */
    public byte[] getEncoded(byte[] primaryKey) {
        Stored s = byKey.get(new PrimaryKey(primaryKey));
        return s == null ? null : s.bytes;
    }

    public Optional<Item> get(byte[] primaryKey) {
        byte[] bytes = getEncoded(primaryKey);
        return bytes == null ? Optional.empty() : Optional.of(ItemCodec.decode(bytes));
    }

    // ---- writes ----

    /**
     * Replaces ({@code newItem} non-null) or deletes ({@code newItem} null) the item at {@code
     * primaryKey}, maintaining indexes, counters, the stream and the persistent copy.
     *
     * @param oldItem the current item (null when absent), as read under the same lock
     */
    public void write(byte[] primaryKey, Item oldItem, Item newItem, long nowMillis, boolean byTtl) {
        if (persistence == Persistence.NONE) {
            // in memory there is nothing to group: no lambda per write on the benchmarked path
            apply(primaryKey, oldItem, newItem, nowMillis, byTtl);
        } else {
            // the item and its stream record become durable together
            persistence.atomically(() -> apply(primaryKey, oldItem, newItem, nowMillis, byTtl));
        }
    }

    private void apply(byte[] primaryKey, Item oldItem, Item newItem, long nowMillis, boolean byTtl) {
        byte[] oldBytes;
        byte[] newBytes = null;
        int oldSize = oldItem == null ? 0 : ItemSize.of(oldItem);
        int newSize = 0;
        if (newItem != null) {
            newBytes = ItemCodec.encode(newItem);
            newSize = ItemSize.of(newItem);
            PrimaryKey k = new PrimaryKey(primaryKey);
            Stored cell = byKey.get(k);
            if (cell != null) {
                oldBytes = cell.bytes;
                cell.bytes = newBytes;
            } else {
                oldBytes = null;
                cell = new Stored(newBytes);
                items.put(primaryKey, cell);
                byKey.put(k, cell);
            }
            persistence.putItem(schema.id(), primaryKey, newBytes);
            if (oldBytes == null) {
                itemCount.incrementAndGet();
            }
        } else {
            Stored cell = byKey.remove(new PrimaryKey(primaryKey));
            if (cell == null) {
                return;
            }
            items.remove(primaryKey);
            oldBytes = cell.bytes;
            persistence.deleteItem(schema.id(), primaryKey);
            itemCount.decrementAndGet();
        }
        sizeBytes.addAndGet(newSize - oldSize);
        if (collections != null) {
            trackCollection(oldItem, oldSize, newItem, newSize);
        }
        for (IndexSchema index : schema.allIndexes()) {
            ConcurrentSkipListMap<byte[], byte[]> map = indexes.get(index.name());
            byte[] oldKey = oldItem == null ? null : indexKey(index, oldItem, primaryKey);
            byte[] newKey = newItem == null ? null : indexKey(index, newItem, primaryKey);
            if (oldKey != null && (newKey == null || !Arrays.equals(oldKey, newKey))) {
                map.remove(oldKey);
            }
            if (newKey != null) {
                map.put(newKey, primaryKey);
            }
        }
        StreamLog log = stream;
        if (log == null) {
            return;
        }
        // A write that leaves the item as it was is not a change and emits no record.
        boolean unchanged = oldItem != null && newItem != null
                && (Arrays.equals(oldBytes, newBytes) || oldItem.equals(newItem));
        if (!unchanged) {
            appendStreamRecord(log, oldItem, oldBytes, oldSize, newItem, newBytes, newSize, nowMillis, byTtl);
        }
    }

    private void appendStreamRecord(StreamLog log, Item oldItem, byte[] oldBytes, int oldSize, Item newItem,
            byte[] newBytes, int newSize, long nowMillis, boolean byTtl) {
        String eventName = oldItem == null ? "INSERT" : newItem == null ? "REMOVE" : "MODIFY";
        Item keys = keyOf(newItem != null ? newItem : oldItem);
        byte[] oldImage = log.carriesOldImage() && oldItem != null ? oldBytes : null;
        byte[] newImage = log.carriesNewImage() && newItem != null ? newBytes : null;
        int size = ItemSize.of(keys) + (oldImage == null ? 0 : oldSize) + (newImage == null ? 0 : newSize);
        byte[] keyBytes = ItemCodec.encode(keys);
        // Second precision, as DynamoDB reports ApproximateCreationDateTime.
        long created = (nowMillis / 1000) * 1000;
        // 128 random bits of event id (no SecureRandom on the write path); formatted when read
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long idHigh = random.nextLong();
        long idLow = random.nextLong();
        log.append(seq -> new StreamRecord(seq, idHigh, idLow, eventName, created, keyBytes, oldImage, newImage, size,
                byTtl));
    }

    /** Restores an item at start-up (no stream record, no persistence). */
    void restore(byte[] primaryKey, byte[] bytes) {
        Stored cell = new Stored(bytes);
        items.put(primaryKey, cell);
        byKey.put(new PrimaryKey(primaryKey), cell);
        Item item = ItemCodec.decode(bytes);
        itemCount.incrementAndGet();
        int size = ItemSize.of(item);
        sizeBytes.addAndGet(size);
        if (collections != null) {
            trackCollection(null, 0, item, size);
        }
        for (IndexSchema index : schema.allIndexes()) {
            byte[] k = indexKey(index, item, primaryKey);
            if (k != null) {
                indexes.get(index.name()).put(k, primaryKey);
            }
        }
    }

    /** Builds a new index from all items; caller holds the exclusive schema lock. */
    void addIndex(IndexSchema index) {
        ConcurrentSkipListMap<byte[], byte[]> map = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
        for (Map.Entry<byte[], Stored> e : items.entrySet()) {
            byte[] k = indexKey(index, ItemCodec.decode(e.getValue().bytes), e.getKey());
            if (k != null) {
                map.put(k, e.getKey());
            }
        }
        indexes.put(index.name(), map);
    }

    void removeIndex(String name) {
        indexes.remove(name);
    }

    /** Entry counts per index, for DescribeTable. */
    public Map<String, Integer> indexCounts() {
        Map<String, Integer> counts = new HashMap<>();
        for (Map.Entry<String, ConcurrentSkipListMap<byte[], byte[]>> e : indexes.entrySet()) {
            counts.put(e.getKey(), e.getValue().size());
        }
        return counts;
    }

    /** One item's current encoding, shared by the sorted map and the hash map. */
    public static final class Stored {
        private volatile byte[] bytes;

        Stored(byte[] bytes) {
            this.bytes = bytes;
        }

        public byte[] bytes() {
            return bytes;
        }
    }

    /**
     * A stored primary key (or partition prefix) as a hash key (content equality; the hash is
     * computed once).
     */
    private static final class PrimaryKey {
        private final byte[] bytes;
        private final int hash;

        PrimaryKey(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PrimaryKey k && k.hash == hash && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
