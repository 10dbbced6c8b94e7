package dev.sagastack.local.dynamodb.storage;

import dev.sagastack.local.dynamodb.engine.Persistence;
import dev.sagastack.local.dynamodb.streams.StreamRecord;
import dev.sagastack.local.recordlog.RecordLog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;

import static dev.sagastack.local.recordlog.RecordFields.readBytes;
import static dev.sagastack.local.recordlog.RecordFields.readString;
import static dev.sagastack.local.recordlog.RecordFields.writeBytes;
import static dev.sagastack.local.recordlog.RecordFields.writeString;

/**
 * Durable copy of the server's state: a log of changes ({@code dynamodb.log} in the data directory, see
 * {@link RecordLog}) replayed on open. Each change is recorded in lock order; a group of changes ({@link
 * #atomically}: a transaction's items, an item and its stream record) is one log record, so a crash keeps all of
 * it or none. {@link #sync()} writes and forces everything recorded before it, and the server acknowledges a
 * write only after that. The live state is also kept here (the item bytes are the table's own arrays), so when
 * the log has doubled since its last rewrite it is rewritten with the live state only.
 */
public final class LogPersistence implements Persistence {

    public static final String FILE_NAME = "dynamodb.log";
    private static final long MIN_REWRITE_BYTES = 64L << 20;
    private static final int REWRITE_RECORD_BYTES = 1 << 20;

    private static final byte SAVE_TABLE = 1;
    private static final byte DROP_TABLE = 2;
    private static final byte PUT_ITEM = 3;
    private static final byte DELETE_ITEM = 4;
    private static final byte SAVE_STREAM = 5;
    private static final byte STREAM_RECORD = 6;
    private static final byte TRIM_STREAM = 7;
    private static final byte DROP_STREAM = 8;

    private final Map<String, String> tables = new ConcurrentHashMap<>();
    private final Map<String, String> streams = new ConcurrentHashMap<>();
    private final Map<String, Map<ByteBuffer, byte[]>> items = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<Long, byte[]>> streamRecords = new ConcurrentHashMap<>();
    /** Shared while changes are recorded, exclusive for a rewrite of the log. */
    private final ReentrantReadWriteLock recording = new ReentrantReadWriteLock();
    private final ThreadLocal<Group> group = ThreadLocal.withInitial(Group::new);
    private final RecordLog log;

    /** The changes of the current thread's outermost {@link #atomically} call. */
    private static final class Group {
        int depth;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);
    }

    public LogPersistence(Path directory) {
        this(directory, MIN_REWRITE_BYTES);
    }

    /** A log rewritten once it passes {@code minRewriteBytes} and twice its size after the last rewrite. */
    LogPersistence(Path directory, long minRewriteBytes) {
        this.log = RecordLog.open(directory.resolve(FILE_NAME), minRewriteBytes, this::replay);
    }

    /** Table name to schema JSON, as last saved. */
    public Map<String, String> tables() {
        return new LinkedHashMap<>(tables);
    }

    public Map<String, String> streams() {
        return new LinkedHashMap<>(streams);
    }

    public void forEachItem(String tableId, BiConsumer<byte[], byte[]> action) {
        items.getOrDefault(tableId, Map.of()).forEach((k, v) -> action.accept(k.array(), v));
    }

    public void forEachStreamRecord(String arn, BiConsumer<Long, byte[]> action) {
        streamRecords.getOrDefault(arn, new ConcurrentSkipListMap<>()).forEach(action);
    }

    /** Bytes in the log file now. */
    public long logBytes() {
        return log.size();
    }

    // ---- changes ----

    @Override
    public void saveTable(String schemaJson, String tableName) {
        record(out -> {
            out.writeByte(SAVE_TABLE);
            writeString(out, tableName);
            writeString(out, schemaJson);
        }, () -> tables.put(tableName, schemaJson));
    }

    @Override
    public void dropTable(String tableName, String tableId) {
        record(out -> {
            out.writeByte(DROP_TABLE);
            writeString(out, tableName);
            writeString(out, tableId);
        }, () -> {
            tables.remove(tableName);
            items.remove(tableId);
        });
    }

    @Override
    public void putItem(String tableId, byte[] key, byte[] item) {
        record(out -> {
            out.writeByte(PUT_ITEM);
            writeString(out, tableId);
            writeBytes(out, key);
            writeBytes(out, item);
        }, () -> itemMap(tableId).put(ByteBuffer.wrap(key), item));
    }

    @Override
    public void deleteItem(String tableId, byte[] key) {
        record(out -> {
            out.writeByte(DELETE_ITEM);
            writeString(out, tableId);
            writeBytes(out, key);
        }, () -> itemMap(tableId).remove(ByteBuffer.wrap(key)));
    }

    @Override
    public void saveStream(String arn, String metaJson) {
        record(out -> {
            out.writeByte(SAVE_STREAM);
            writeString(out, arn);
            writeString(out, metaJson);
        }, () -> streams.put(arn, metaJson));
    }

    @Override
    public void appendStreamRecord(String arn, StreamRecord record) {
        byte[] encoded = record.encode();
        record(out -> {
            out.writeByte(STREAM_RECORD);
            writeString(out, arn);
            out.writeLong(record.sequenceNumber());
            writeBytes(out, encoded);
        }, () -> streamMap(arn).put(record.sequenceNumber(), encoded));
    }

    @Override
    public void trimStream(String arn, long belowSequenceNumber) {
        record(out -> {
            out.writeByte(TRIM_STREAM);
            writeString(out, arn);
            out.writeLong(belowSequenceNumber);
        }, () -> streamMap(arn).headMap(belowSequenceNumber).clear());
    }

    @Override
    public void dropStream(String arn) {
        record(out -> {
            out.writeByte(DROP_STREAM);
            writeString(out, arn);
        }, () -> {
            streams.remove(arn);
            streamRecords.remove(arn);
        });
    }

    private Map<ByteBuffer, byte[]> itemMap(String tableId) {
        return items.computeIfAbsent(tableId, id -> new ConcurrentHashMap<>());
    }

    private ConcurrentSkipListMap<Long, byte[]> streamMap(String arn) {
        return streamRecords.computeIfAbsent(arn, a -> new ConcurrentSkipListMap<>());
    }

    @FunctionalInterface
    private interface Encoder {
        void write(DataOutputStream out) throws IOException;
    }

    /** Applies one change to the live state and adds it to the current group, or logs it alone. */
    private void record(Encoder encoder, Runnable apply) {
        recording.readLock().lock();
        try {
            Group g = group.get();
            if (g.depth > 0) {
                encoder.write(g.out);
            } else {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                encoder.write(new DataOutputStream(bytes));
                log.append(bytes.toByteArray());
            }
            apply.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            recording.readLock().unlock();
        }
    }

    @Override
    public void atomically(Runnable changes) {
        recording.readLock().lock();
        Group g = group.get();
        g.depth++;
        try {
            changes.run();
        } finally {
            if (--g.depth == 0) {
                if (g.bytes.size() > 0) {
                    // appended even when the group failed half way: the live state has its changes already
                    log.append(g.bytes.toByteArray());
                    g.bytes.reset();
                }
            }
            recording.readLock().unlock();
        }
    }

    @Override
    public void sync() {
        log.sync();
        // a thread inside a group cannot wait for the exclusive lock; a later sync rewrites
        if (log.wantsRewrite() && recording.getReadHoldCount() == 0) {
            rewrite();
        }
    }

    /** Replaces the log with the live state (no change is recorded meanwhile). */
    private void rewrite() {
        recording.writeLock().lock();
        try {
            if (log.wantsRewrite()) {
                log.rewrite(liveRecords());
            }
        } finally {
            recording.writeLock().unlock();
        }
    }

    private Iterator<byte[]> liveRecords() {
        List<byte[]> records = new ArrayList<>();
        Batcher batch = new Batcher(records);
        try {
            for (Map.Entry<String, String> t : tables.entrySet()) {
                batch.out.writeByte(SAVE_TABLE);
                writeString(batch.out, t.getKey());
                writeString(batch.out, t.getValue());
                batch.cut();
            }
            for (Map.Entry<String, Map<ByteBuffer, byte[]>> table : items.entrySet()) {
                for (Map.Entry<ByteBuffer, byte[]> item : table.getValue().entrySet()) {
                    batch.out.writeByte(PUT_ITEM);
                    writeString(batch.out, table.getKey());
                    writeBytes(batch.out, item.getKey().array());
                    writeBytes(batch.out, item.getValue());
                    batch.cut();
                }
            }
            for (Map.Entry<String, String> s : streams.entrySet()) {
                batch.out.writeByte(SAVE_STREAM);
                writeString(batch.out, s.getKey());
                writeString(batch.out, s.getValue());
                batch.cut();
            }
            for (Map.Entry<String, ConcurrentSkipListMap<Long, byte[]>> stream : streamRecords.entrySet()) {
                for (Map.Entry<Long, byte[]> r : stream.getValue().entrySet()) {
                    batch.out.writeByte(STREAM_RECORD);
                    writeString(batch.out, stream.getKey());
                    batch.out.writeLong(r.getKey());
                    writeBytes(batch.out, r.getValue());
                    batch.cut();
                }
            }
            batch.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records.iterator();
    }

    /** Packs changes into records of about {@link #REWRITE_RECORD_BYTES}. */
    private static final class Batcher {
        final List<byte[]> records;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);

        Batcher(List<byte[]> records) {
            this.records = records;
        }

        void cut() {
            if (bytes.size() >= REWRITE_RECORD_BYTES) {
                flush();
            }
        }

        void flush() {
            if (bytes.size() > 0) {
                records.add(bytes.toByteArray());
                bytes.reset();
            }
        }
    }

    // ---- replay ----

    private void replay(byte[] payload) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
            while (in.available() > 0) {
                byte op = in.readByte();
                switch (op) {
                    case SAVE_TABLE -> {
                        String name = readString(in);
                        tables.put(name, readString(in));
                    }
                    case DROP_TABLE -> {
                        tables.remove(readString(in));
                        items.remove(readString(in));
                    }
                    case PUT_ITEM -> {
                        String tableId = readString(in);
                        byte[] key = readBytes(in);
                        itemMap(tableId).put(ByteBuffer.wrap(key), readBytes(in));
                    }
                    case DELETE_ITEM -> {
                        String tableId = readString(in);
                        itemMap(tableId).remove(ByteBuffer.wrap(readBytes(in)));
                    }
                    case SAVE_STREAM -> {
                        String arn = readString(in);
                        streams.put(arn, readString(in));
                    }
                    case STREAM_RECORD -> {
                        String arn = readString(in);
                        long sequence = in.readLong();
                        streamMap(arn).put(sequence, readBytes(in));
                    }
                    case TRIM_STREAM -> {
                        String arn = readString(in);
                        streamMap(arn).headMap(in.readLong()).clear();
                    }
                    case DROP_STREAM -> {
                        String arn = readString(in);
                        streams.remove(arn);
                        streamRecords.remove(arn);
                    }
                    default -> throw new IllegalStateException("unknown change " + op + " in " + FILE_NAME);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a checksummed record of " + FILE_NAME + " does not parse", e);
        }
    }

    @Override
    public void close() {
        recording.writeLock().lock();
        try {
            log.close();
        } finally {
            recording.writeLock().unlock();
        }
    }
}
