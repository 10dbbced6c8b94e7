package dev.sagastack.local.dynamodb.engine;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Background deletion of expired items ("Working with Time to Live" in the developer guide): an
 * item whose TTL attribute is a Number of epoch seconds earlier than now is deleted and written to
 * the stream as a REMOVE by the DynamoDB service identity. Items whose TTL is not a Number, or lies
 * more than five years in the past, are left alone, as DynamoDB does. Each sweep also trims stream
 * records past retention.
 */
public final class TtlSweeper implements AutoCloseable {

    private static final long FIVE_YEARS_SECONDS = 5L * 365 * 24 * 60 * 60;

    private final Database db;
    private final ScheduledExecutorService scheduler;

    public TtlSweeper(Database db, Duration interval) {
        this.db = db;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dynamodb-ttl");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
    }

    /** Deletes every expired item now; returns how many were deleted. */
    public synchronized int sweep() {
        int deleted = 0;
        for (String name : db.tableNames()) {
            Table table = db.findTable(name).orElse(null);
            if (table == null || table.schema().ttlAttribute().isEmpty()) {
                continue;
            }
            String attribute = table.schema().ttlAttribute().get();
            List<byte[]> expired = new ArrayList<>();
            long nowSeconds = db.nowMillis() / 1000;
            for (Map.Entry<byte[], Table.Stored> e : table.items().entrySet()) {
                if (isExpired(ItemCodec.decode(e.getValue().bytes()), attribute, nowSeconds)) {
                    expired.add(e.getKey());
                }
            }
            for (byte[] key : expired) {
                Runnable unlock;
                try {
                    unlock = db.lockItem(table, key);
                } catch (DynamoDbError tableGone) {
                    break;
                }
                try {
                    Item current = table.get(key).orElse(null);
                    // Re-check under the lock: the item may have been rewritten since the scan.
                    if (current != null && isExpired(current, attribute, db.nowMillis() / 1000)) {
                        table.write(key, current, null, db.nowMillis(), true);
                        deleted++;
                    }
                } finally {
                    unlock.run();
                }
            }
        }
        db.trimStreams();
        db.persistence().sync();
        return deleted;
    }

    static boolean isExpired(Item item, String attribute, long nowSeconds) {
        AttributeValue v = item.get(attribute);
        if (!(v instanceof AttributeValue.N n)) {
            return false;
        }
        BigDecimal expiry = n.value();
        return expiry.compareTo(BigDecimal.valueOf(nowSeconds)) < 0
                && expiry.compareTo(BigDecimal.valueOf(nowSeconds - FIVE_YEARS_SECONDS)) >= 0;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
