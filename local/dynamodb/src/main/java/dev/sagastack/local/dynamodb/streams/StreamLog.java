package dev.sagastack.local.dynamodb.streams;

import dev.sagastack.local.dynamodb.engine.KeyAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The records of one stream (one shard). Appends are serialised on the log so sequence numbers
 * are assigned and stored in one order; callers append while holding the item's lock, which keeps
 * each item's records in write order.
 */
public final class StreamLog {

    public static final long RETENTION_MILLIS = 24L * 60 * 60 * 1000;

    private final String arn;
    private final String label;
    private final String tableName;
    private final String viewType;
    private final KeyAttribute hashKey;
    private final Optional<KeyAttribute> rangeKey;
    private final long creationEpochMillis;
    private final String shardId;
    private final List<StreamRecord> records = new ArrayList<>();
    private long nextSequenceNumber;
    private long trimmedBelow; // sequence numbers below this were trimmed
    private volatile long disabledAtMillis; // 0 while enabled
    private final Consumer<StreamRecord> onAppend;

    public StreamLog(String arn, String label, String tableName, String viewType, KeyAttribute hashKey,
            Optional<KeyAttribute> rangeKey, long creationEpochMillis, long firstSequenceNumber,
            Consumer<StreamRecord> onAppend) {
        this.arn = arn;
        this.label = label;
        this.tableName = tableName;
        this.viewType = viewType;
        this.hashKey = hashKey;
        this.rangeKey = rangeKey;
        this.creationEpochMillis = creationEpochMillis;
        this.shardId = String.format("shardId-%020d-%08x", creationEpochMillis, arn.hashCode());
        this.nextSequenceNumber = firstSequenceNumber;
        this.trimmedBelow = firstSequenceNumber;
        this.onAppend = onAppend;
    }

    public String arn() {
        return arn;
    }

    public String label() {
        return label;
    }

    public String tableName() {
        return tableName;
    }

    public String viewType() {
        return viewType;
    }

    public KeyAttribute hashKey() {
        return hashKey;
    }

    public Optional<KeyAttribute> rangeKey() {
        return rangeKey;
    }

    public long creationEpochMillis() {
        return creationEpochMillis;
    }

    public String shardId() {
        return shardId;
    }

    public boolean enabled() {
        return disabledAtMillis == 0;
    }

    public long disabledAtMillis() {
        return disabledAtMillis;
    }

    public void disable(long nowMillis) {
        disabledAtMillis = nowMillis;
    }

    public boolean carriesNewImage() {
        return viewType.equals("NEW_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES");
    }

    public boolean carriesOldImage() {
        return viewType.equals("OLD_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES");
    }

    /** Appends a record built with the next sequence number. */
    public synchronized StreamRecord append(java.util.function.LongFunction<StreamRecord> build) {
        StreamRecord r = build.apply(nextSequenceNumber++);
        records.add(r);
        onAppend.accept(r);
        return r;
    }

    /** Restores a persisted record at start-up. */
    public synchronized void restore(StreamRecord r) {
        records.add(r);
        nextSequenceNumber = Math.max(nextSequenceNumber, r.sequenceNumber() + 1);
        if (records.size() == 1) {
            trimmedBelow = r.sequenceNumber();
        }
    }

    /** Drops records older than the retention period; returns the lowest sequence number kept. */
    public synchronized long trim(long nowMillis) {
        int drop = 0;
        while (drop < records.size() && records.get(drop).creationEpochMillis() < nowMillis - RETENTION_MILLIS) {
            drop++;
        }
        if (drop > 0) {
            trimmedBelow = records.get(drop - 1).sequenceNumber() + 1;
            records.subList(0, drop).clear();
        }
        return trimmedBelow;
    }

    public synchronized long trimmedBelow() {
        return trimmedBelow;
    }

    public synchronized long nextSequenceNumber() {
        return nextSequenceNumber;
    }

    /** The first retained sequence number, or the next to be assigned when none is retained. */
    public synchronized long firstSequenceNumber() {
        return records.isEmpty() ? nextSequenceNumber : records.get(0).sequenceNumber();
    }

    /** The last assigned sequence number, or -1 when none. */
    public synchronized long lastSequenceNumber() {
        return nextSequenceNumber - 1;
    }

    public synchronized boolean hasRecord(long sequenceNumber) {
        return sequenceNumber >= trimmedBelow && sequenceNumber < nextSequenceNumber && indexOf(sequenceNumber) >= 0;
    }

    /** Up to {@code limit} records with sequence number at or after {@code from}. */
    public synchronized List<StreamRecord> read(long from, int limit) {
        int i = lowerBound(from);
        int end = Math.min(records.size(), i + limit);
        return new ArrayList<>(records.subList(i, end));
    }

    private int indexOf(long seq) {
        int i = lowerBound(seq);
        return i < records.size() && records.get(i).sequenceNumber() == seq ? i : -1;
    }

    private int lowerBound(long seq) {
        int lo = 0;
        int hi = records.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (records.get(mid).sequenceNumber() < seq) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
