package dev.sagastack.local.dynamodb.engine;

import dev.sagastack.local.dynamodb.storage.LogPersistence;
import dev.sagastack.local.dynamodb.streams.StreamLog;
import dev.sagastack.local.dynamodb.streams.StreamRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * All tables and streams of one server, the item lock stripes and the clock.
 *
 * <p>Locking: an item write holds its table's shared schema lock and the stripe lock of its
 * primary key; a transaction takes the stripe locks of all its items in ascending stripe order,
 * so two transactions can never wait on each other in a cycle. Reads of single items take no lock
 * (an item's bytes are replaced whole), transactional reads take the stripes like writes.
 */
public final class Database implements AutoCloseable {

    private static final int STRIPES = 4096;
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private final Map<String, Table> tables = new ConcurrentHashMap<>();
    private final Map<String, StreamLog> streams = new ConcurrentHashMap<>();
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final Object catalogLock = new Object();
    private final Clock clock;
    private final Persistence persistence;

    public Database(Clock clock, Persistence persistence) {
        this.clock = clock;
        this.persistence = persistence;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
        if (persistence instanceof LogPersistence mv) {
            restore(mv);
        }
    }

    public Clock clock() {
        return clock;
    }

    public long nowMillis() {
        return clock.millis();
    }

    public Persistence persistence() {
        return persistence;
    }

    // ---- tables ----

    /** The table of this name or table ARN. */
    public Table table(String name) {
        Table t = tables.get(name);
        if (t == null) {
            t = byArn(name);
            if (t == null) {
                throw DynamoDbError.tableNotFound();
            }
        }
        return t;
    }

    public Optional<Table> findTable(String name) {
        Table t = tables.get(name);
        return Optional.ofNullable(t != null ? t : byArn(name));
    }

    /** Only looked at when the name is not a table's, so plain names cost nothing more. */
    private Table byArn(String name) {
        Optional<String> inArn = TableSchema.nameInArn(name);
        return inArn.isPresent() ? tables.get(inArn.get()) : null;
    }

    /** Table names in ascending order, as ListTables returns them. */
    public List<String> tableNames() {
        List<String> names = new ArrayList<>(tables.keySet());
        names.sort(null);
        return names;
    }

    public Table createTable(TableSchema schema) {
        synchronized (catalogLock) {
            if (tables.containsKey(schema.name())) {
                throw DynamoDbError.resourceInUse("Table already exists: " + schema.name());
            }
            Table table = new Table(schema, persistence);
            schema.stream().ifPresent(s -> table.setStream(newStream(schema, s)));
            tables.put(schema.name(), table);
            persistence.saveTable(SchemaJson.write(schema), schema.name());
            return table;
        }
    }

    public TableSchema.StreamSettings newStreamSettings(String tableName, String viewType) {
        Instant now = clock.instant();
        String label = LABEL.format(now);
        // Labels must differ between streams of one table even when created in the same millisecond.
        for (StreamLog existing : streams.values()) {
            if (existing.tableName().equals(tableName) && existing.label().equals(label)) {
                label = LABEL.format(now.plusMillis(1));
            }
        }
        String arn = "arn:aws:dynamodb:" + TableSchema.REGION + ":" + TableSchema.ACCOUNT + ":table/" + tableName
                + "/stream/" + label;
        return new TableSchema.StreamSettings(viewType, label, arn);
    }

    private StreamLog newStream(TableSchema schema, TableSchema.StreamSettings s) {
        StreamLog log = new StreamLog(s.arn(), s.label(), schema.name(), s.viewType(), schema.hashKey(),
                schema.rangeKey(), clock.millis(), 1, r -> persistence.appendStreamRecord(s.arn(), r));
        streams.put(s.arn(), log);
        persistence.saveStream(s.arn(), SchemaJson.write(log));
        return log;
    }

    public TableSchema deleteTable(String tableNameOrArn) {
        synchronized (catalogLock) {
            String name = tables.containsKey(tableNameOrArn) ? tableNameOrArn
                    : TableSchema.nameInArn(tableNameOrArn).orElse(tableNameOrArn);
            Table table = tables.get(name);
            if (table == null) {
                throw DynamoDbError.resourceNotFound("Requested resource not found: Table: " + name + " not found");
            }
            if (table.schema().deletionProtection()) {
                throw DynamoDbError.validation(
                        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");
            }
            table.schemaLock().writeLock().lock();
            try {
                tables.remove(name);
                table.markDeleted();
                table.stream().ifPresent(this::disableStream);
                persistence.dropTable(name, table.schema().id());
                return table.schema();
            } finally {
                table.schemaLock().writeLock().unlock();
            }
        }
    }

    /** Applies a schema change under the table's exclusive lock. */
    public TableSchema updateSchema(Table table, java.util.function.UnaryOperator<TableSchema> change) {
        synchronized (catalogLock) {
            table.schemaLock().writeLock().lock();
            try {
                if (table.deleted()) {
                    throw DynamoDbError.tableNotFound();
                }
                TableSchema before = table.schema();
                TableSchema after = change.apply(before);
                for (IndexSchema i : after.globalIndexes()) {
                    if (before.index(i.name()).isEmpty()) {
                        table.addIndex(i);
                    }
                }
                for (IndexSchema i : before.globalIndexes()) {
                    if (after.index(i.name()).isEmpty()) {
                        table.removeIndex(i.name());
                    }
                }
                Optional<TableSchema.StreamSettings> oldStream = before.stream();
                Optional<TableSchema.StreamSettings> newStream = after.stream();
                if (!oldStream.equals(newStream)) {
                    table.stream().ifPresent(this::disableStream);
                    table.setStream(newStream.map(s -> newStream(after, s)).orElse(null));
                }
                table.setSchema(after);
                persistence.saveTable(SchemaJson.write(after), after.name());
                return after;
            } finally {
                table.schemaLock().writeLock().unlock();
            }
        }
    }

    private void disableStream(StreamLog log) {
        log.disable(clock.millis());
        persistence.saveStream(log.arn(), SchemaJson.write(log));
    }

    // ---- streams ----

    /** Every stream still within retention, enabled or not, ordered by table then creation. */
    public List<StreamLog> streams() {
        List<StreamLog> all = new ArrayList<>();
        long now = clock.millis();
        for (StreamLog s : streams.values()) {
            if (s.enabled() || now - s.disabledAtMillis() < StreamLog.RETENTION_MILLIS) {
                all.add(s);
            }
        }
        all.sort((a, b) -> a.tableName().equals(b.tableName())
                ? Long.compare(a.creationEpochMillis(), b.creationEpochMillis())
                : a.tableName().compareTo(b.tableName()));
        return all;
    }

    public Optional<StreamLog> stream(String arn) {
        StreamLog s = streams.get(arn);
        if (s == null || (!s.enabled() && clock.millis() - s.disabledAtMillis() >= StreamLog.RETENTION_MILLIS)) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** Drops records past retention, and streams disabled for longer than retention. */
    public void trimStreams() {
        long now = clock.millis();
        for (StreamLog s : new ArrayList<>(streams.values())) {
            if (!s.enabled() && now - s.disabledAtMillis() >= StreamLog.RETENTION_MILLIS) {
                streams.remove(s.arn());
                persistence.dropStream(s.arn());
                continue;
            }
            long before = s.trimmedBelow();
            long after = s.trim(now);
            if (after != before) {
                persistence.trimStream(s.arn(), after);
                persistence.saveStream(s.arn(), SchemaJson.write(s));
            }
        }
    }

    // ---- locks ----

    /** A lock target: one item of one table. */
    public record ItemRef(Table table, byte[] primaryKey) {
    }

    private int stripe(Table table, byte[] primaryKey) {
        int h = table.name().hashCode() * 31 + Arrays.hashCode(primaryKey);
        h ^= h >>> 16;
        return h & (STRIPES - 1);
    }

    /** Locks one item for a conditional write; returns the unlock action. */
    public Runnable lockItem(Table table, byte[] primaryKey) {
        table.schemaLock().readLock().lock();
        if (table.deleted()) {
            table.schemaLock().readLock().unlock();
            throw DynamoDbError.tableNotFound();
        }
        ReentrantLock lock = stripes[stripe(table, primaryKey)];
        lock.lock();
        return () -> {
            lock.unlock();
            table.schemaLock().readLock().unlock();
        };
    }

    /** Locks several items (of one or more tables) in global stripe order. */
    public Runnable lockItems(List<ItemRef> refs) {
        List<Table> distinctTables = new ArrayList<>();
        for (ItemRef r : refs) {
            if (!distinctTables.contains(r.table())) {
                distinctTables.add(r.table());
            }
        }
        distinctTables.sort((a, b) -> a.name().compareTo(b.name()));
        List<Table> readLocked = new ArrayList<>();
        try {
            for (Table t : distinctTables) {
                t.schemaLock().readLock().lock();
                readLocked.add(t);
                if (t.deleted()) {
                    throw DynamoDbError.tableNotFound();
                }
            }
        } catch (RuntimeException e) {
            readLocked.forEach(t -> t.schemaLock().readLock().unlock());
            throw e;
        }
        int[] ids = refs.stream().mapToInt(r -> stripe(r.table(), r.primaryKey())).distinct().sorted().toArray();
        for (int id : ids) {
            stripes[id].lock();
        }
        return () -> {
            for (int i = ids.length - 1; i >= 0; i--) {
                stripes[ids[i]].unlock();
            }
            readLocked.forEach(t -> t.schemaLock().readLock().unlock());
        };
    }

    // ---- start-up ----

    private void restore(LogPersistence mv) {
        for (String json : mv.tables().values()) {
            TableSchema schema = SchemaJson.readTable(json);
            Table table = new Table(schema, persistence);
            mv.forEachItem(schema.id(), table::restore);
            tables.put(schema.name(), table);
        }
        for (String json : mv.streams().values()) {
            SchemaJson.StreamMeta m = SchemaJson.readStream(json);
            StreamLog log = new StreamLog(m.arn(), m.label(), m.table(), m.viewType(), m.hash(), m.range(),
                    m.created(), m.trimmedBelow(), r -> persistence.appendStreamRecord(m.arn(), r));
            if (m.disabledAt() != 0) {
                log.disable(m.disabledAt());
            }
            mv.forEachStreamRecord(m.arn(), (seq, bytes) -> log.restore(StreamRecord.decode(bytes)));
            streams.put(m.arn(), log);
            Table table = tables.get(m.table());
            if (table != null && log.enabled() && table.schema().stream().map(s -> s.arn().equals(m.arn())).orElse(false)) {
                table.setStream(log);
            }
        }
    }

    @Override
    public void close() {
        persistence.close();
    }
}
