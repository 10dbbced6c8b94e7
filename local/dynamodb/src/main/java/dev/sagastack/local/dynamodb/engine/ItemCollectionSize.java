package dev.sagastack.local.dynamodb.engine;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;

/**
 * The size of an item collection (all items sharing a partition key in a table with local
 * secondary indexes), as ItemCollectionMetrics reports it: the items themselves plus what every
 * local secondary index stores for them. An index entry costs what the developer guide ("Storage
 * considerations for local secondary indexes") lists: the table's key, the index sort key, the
 * projected attributes and 100 bytes of overhead; items without the index sort key have no entry.
 */
public final class ItemCollectionSize {

    /** Overhead DynamoDB counts per index item. */
    public static final int INDEX_ITEM_OVERHEAD = 100;

    private static final double BYTES_PER_GB = 1024.0 * 1024.0 * 1024.0;

    private ItemCollectionSize() {
    }

    /**
     * What one item adds to its collection: its own size plus one entry per local secondary index
     * it appears in.
     *
     * @param itemSize the item's {@link ItemSize}, already computed by the caller
     */
    static long of(TableSchema schema, Item item, int itemSize) {
        long size = itemSize;
        for (IndexSchema index : schema.localIndexes()) {
            size += indexEntry(schema, index, item, itemSize);
        }
        return size;
    }

    private static long indexEntry(TableSchema schema, IndexSchema index, Item item, int itemSize) {
        KeyAttribute sortKey = index.rangeKey().orElse(null);
        if (sortKey == null || !sortKey.matchesType(item.get(sortKey.name()))) {
            return 0; // sparse index: no entry for this item
        }
        if (index.projectionType() == IndexSchema.ProjectionType.ALL) {
            return INDEX_ITEM_OVERHEAD + itemSize;
        }
        long size = INDEX_ITEM_OVERHEAD + attribute(item, schema.hashKey().name());
        if (schema.rangeKey().isPresent()) {
            size += attribute(item, schema.rangeKey().get().name());
        }
        if (!schema.isKeyAttribute(sortKey.name())) {
            size += attribute(item, sortKey.name());
        }
        if (index.projectionType() == IndexSchema.ProjectionType.INCLUDE) {
            for (String name : index.nonKeyAttributes()) {
                if (!schema.isKeyAttribute(name) && !name.equals(sortKey.name())) {
                    size += attribute(item, name);
                }
            }
        }
        return size;
    }

    private static int attribute(Item item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0 : ItemSize.utf8Length(name) + ItemSize.of(value);
    }

    /**
     * SizeEstimateRangeGB for a collection of {@code bytes}: the whole gigabytes below and above
     * it, so a small collection reports [0.0, 1.0] as in the developer guide's example, and the
     * range moves up by one as the collection passes each gigabyte.
     */
    public static double[] rangeGb(long bytes) {
        double lower = Math.floor(bytes / BYTES_PER_GB);
        return new double[] {lower, lower + 1};
    }
}
