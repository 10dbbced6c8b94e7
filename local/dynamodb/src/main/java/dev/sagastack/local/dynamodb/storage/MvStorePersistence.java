package dev.sagastack.local.dynamodb.storage;

import dev.sagastack.local.dynamodb.engine.Persistence;
import dev.sagastack.local.dynamodb.streams.StreamRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Durable copy of the server's state in one H2 MVStore file ({@code dynamodb.mv.db} in the data
 * directory). Every change is put into the store's maps in lock order; {@link #sync()} commits the
 * store and forces the file to disk (group commit: one commit and fsync covers every change made
 * before it), and the server acknowledges a write only after that. A commit waits for the groups of
 * changes in progress ({@link #atomically}: a transaction's items, an item and its stream record) and
 * holds new ones back, so it never makes half a group durable.
 *
 * <p>Maps: {@code tables} (name to schema JSON), {@code streams} (ARN to stream metadata JSON),
 * {@code items/<tableId>} (primary key to encoded item) and {@code stream/<arn>} (sequence number
 * to encoded record).
 */
public final class MvStorePersistence implements Persistence {

    public static final String FILE_NAME = "dynamodb.mv.db";

    private final MVStore store;
    private final MVMap<String, String> tables;
    private final MVMap<String, String> streams;
    private final Map<String, MVMap<byte[], byte[]>> itemMaps = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, MVMap<Long, byte[]>> streamMaps = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private final Object commitLock = new Object();
    /** Shared by groups of changes being recorded, exclusive for the commit that cuts a version. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock groups =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    private long durableChanges;

    public MvStorePersistence(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // "retry:": a thread interrupted inside a file write (the twin interrupts a function that timed out, and
        // its in-process transport runs the engine on that thread) closes an NIO channel for every thread;
        // H2's retry file system reopens the channel and repeats the operation instead of failing every later
        // commit until a restart
        store = new MVStore.Builder()
                .fileName("retry:" + directory.resolve(FILE_NAME))
                .autoCommitDisabled()
                .open();
        tables = store.openMap("tables");
        streams = store.openMap("streams");
    }

    /** Table name to schema JSON, as last saved. */
    public Map<String, String> tables() {
        return new LinkedHashMap<>(tables);
    }

    public Map<String, String> streams() {
        return new LinkedHashMap<>(streams);
    }

    public void forEachItem(String tableId, BiConsumer<byte[], byte[]> action) {
        items(tableId).forEach(action);
    }

    public void forEachStreamRecord(String arn, BiConsumer<Long, byte[]> action) {
        streamMap(arn).forEach(action);
    }

    private MVMap<byte[], byte[]> items(String tableId) {
        return itemMaps.computeIfAbsent(tableId, id -> store.openMap("items/" + id));
    }

    private MVMap<Long, byte[]> streamMap(String arn) {
        return streamMaps.computeIfAbsent(arn, a -> store.openMap("stream/" + a));
    }

    @Override
    public void saveTable(String schemaJson, String tableName) {
        tables.put(tableName, schemaJson);
        changes.incrementAndGet();
    }

    @Override
    public void dropTable(String tableName, String tableId) {
        tables.remove(tableName);
        MVMap<byte[], byte[]> map = itemMaps.remove(tableId);
        if (map != null) {
            store.removeMap(map);
        } else if (store.hasMap("items/" + tableId)) {
            store.removeMap("items/" + tableId);
        }
        changes.incrementAndGet();
    }

    @Override
    public void putItem(String tableId, byte[] key, byte[] item) {
        items(tableId).put(key, item);
        changes.incrementAndGet();
    }

    @Override
    public void deleteItem(String tableId, byte[] key) {
        items(tableId).remove(key);
        changes.incrementAndGet();
    }

    @Override
    public void saveStream(String arn, String metaJson) {
        streams.put(arn, metaJson);
        changes.incrementAndGet();
    }

    @Override
    public void appendStreamRecord(String arn, StreamRecord record) {
        streamMap(arn).put(record.sequenceNumber(), record.encode());
        changes.incrementAndGet();
    }

    @Override
    public void trimStream(String arn, long belowSequenceNumber) {
        MVMap<Long, byte[]> map = streamMap(arn);
        Long first = map.firstKey();
        while (first != null && first < belowSequenceNumber) {
            map.remove(first);
            first = map.firstKey();
        }
        changes.incrementAndGet();
    }

    @Override
    public void dropStream(String arn) {
        streams.remove(arn);
        MVMap<Long, byte[]> map = streamMaps.remove(arn);
        if (map != null) {
            store.removeMap(map);
        } else if (store.hasMap("stream/" + arn)) {
            store.removeMap("stream/" + arn);
        }
        changes.incrementAndGet();
    }

    @Override
    public void atomically(Runnable changes) {
        groups.readLock().lock();
        try {
            changes.run();
        } finally {
            groups.readLock().unlock();
        }
    }

    @Override
    public void sync() {
        long target = changes.get();
        synchronized (commitLock) {
            if (durableChanges >= target) {
                return; // a commit that started after our changes already covered them
            }
            long upTo;
            groups.writeLock().lock();
            try {
                upTo = changes.get();
                store.commit();
            } finally {
                groups.writeLock().unlock();
            }
            store.sync();
            durableChanges = upTo;
        }
    }

    @Override
    public void close() {
        synchronized (commitLock) {
            if (!store.isClosed()) {
                groups.writeLock().lock();
                try {
                    store.commit();
                    store.close();
                } finally {
                    groups.writeLock().unlock();
                }
            }
        }
    }
}
