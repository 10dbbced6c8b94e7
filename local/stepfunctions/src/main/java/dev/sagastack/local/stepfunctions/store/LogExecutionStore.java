package dev.sagastack.local.stepfunctions.store;

import dev.sagastack.local.recordlog.RecordLog;
import dev.sagastack.local.stepfunctions.HistoryEvent;
import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.runtime.Checkpoints;
import dev.sagastack.local.stepfunctions.runtime.ExecutionRun;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sagastack.local.recordlog.RecordFields.readBytes;
import static dev.sagastack.local.recordlog.RecordFields.readString;
import static dev.sagastack.local.recordlog.RecordFields.writeBytes;
import static dev.sagastack.local.recordlog.RecordFields.writeString;

/**
 * State machines, execution checkpoints and history as a log of changes ({@code <dir>/stepfunctions.log}, see
 * {@link RecordLog}) replayed on open. A checkpoint is one record - the execution's snapshot and the history events
 * recorded since the last one - and returns only once it is on disk (concurrent checkpoints share one fsync). A
 * definition's text is written once, and snapshots refer to it by number, so a checkpoint costs the size of the
 * execution's state, not of its definition. The live state is kept here too, and when the log has doubled since
 * its last rewrite it is rewritten with one record per execution.
 */
public final class LogExecutionStore implements ExecutionStore {

    public static final String FILE_NAME = "stepfunctions.log";
    private static final long MIN_REWRITE_BYTES = 64L << 20;
    private static final String DEFINITION = "definition";

    private static final byte SAVE_STATE_MACHINE = 1;
    private static final byte DELETE_STATE_MACHINE = 2;
    private static final byte DEFINITION_TEXT = 3;
    private static final byte CHECKPOINT = 4;
    private static final byte FORGET = 5;

    /** An execution as stored: its latest snapshot without the definition, and its whole history. */
    private static final class Stored {
        int definition;
        byte[] snapshot;
        final List<byte[]> events = new ArrayList<>();
    }

    private final Map<String, byte[]> stateMachines = new LinkedHashMap<>();
    private final Map<String, Stored> executions = new LinkedHashMap<>();
    private final Map<Integer, String> definitions = new HashMap<>();
    private final Map<String, Integer> definitionNumbers = new HashMap<>();
    private final RecordLog log;

    LogExecutionStore(Path dir) {
        this(dir, MIN_REWRITE_BYTES);
    }

    LogExecutionStore(Path dir, long minRewriteBytes) {
        this.log = RecordLog.open(dir.resolve(FILE_NAME), minRewriteBytes, this::replay);
    }

    @Override
    public void saveStateMachine(String arn, Map<String, Object> record) {
        byte[] json = utf8(Json.write(record));
        synchronized (this) {
            log.append(payload(out -> {
                out.writeByte(SAVE_STATE_MACHINE);
                writeString(out, arn);
                writeBytes(out, json);
            }));
            stateMachines.put(arn, json);
        }
        sync();
    }

    @Override
    public void deleteStateMachine(String arn) {
        synchronized (this) {
            log.append(payload(out -> {
                out.writeByte(DELETE_STATE_MACHINE);
                writeString(out, arn);
            }));
            stateMachines.remove(arn);
        }
        sync();
    }

    @Override
    public void registerExecution(ExecutionRun run, String definitionText) {
        checkpoint(run);
    }

    @Override
    public void checkpoint(ExecutionRun run) {
        String arn = run.arn();
        synchronized (this) {
            // taken under the lock, so two checkpoints of one execution are logged in the order they were taken
            Map<String, Object> snapshot = Checkpoints.snapshot(run);
            Object definitionText = snapshot.remove(DEFINITION);
            byte[] snapshotJson = utf8(Json.write(snapshot));
            List<HistoryEvent> all = run.history();
            List<HistoryEvent> fresh = all.subList(Math.min(run.persistedEvents, all.size()), all.size());
            List<byte[]> events = new ArrayList<>(fresh.size());
            for (HistoryEvent e : fresh) {
                events.add(utf8(Json.write(Checkpoints.event(e))));
            }
            String text = definitionText == null ? "" : definitionText.toString();
            Integer known = definitionNumbers.get(text);
            int number = known != null ? known : definitionNumbers.size() + 1;
            log.append(payload(out -> {
                if (known == null) {
                    writeDefinition(out, number, text);
                }
                writeCheckpoint(out, arn, number, snapshotJson, events);
            }));
            if (known == null) {
                addDefinition(number, text);
            }
            applyCheckpoint(arn, number, snapshotJson, events);
            run.persistedEvents += fresh.size();
        }
        sync();
    }

    @Override
    public void forget(String executionArn) {
        synchronized (this) {
            log.append(payload(out -> {
                out.writeByte(FORGET);
                writeString(out, executionArn);
            }));
            executions.remove(executionArn);
        }
        sync();
    }

    /** Makes the changes recorded so far durable; rewrites the log when it has doubled. */
    private void sync() {
        log.sync();
        if (log.wantsRewrite()) {
            synchronized (this) {
                if (log.wantsRewrite()) {
                    log.rewrite(liveRecords().iterator());
                }
            }
        }
    }

    private List<byte[]> liveRecords() {
        List<byte[]> records = new ArrayList<>();
        definitions.forEach((number, text) -> records.add(payload(out -> writeDefinition(out, number, text))));
        stateMachines.forEach((arn, json) -> records.add(payload(out -> {
            out.writeByte(SAVE_STATE_MACHINE);
            writeString(out, arn);
            writeBytes(out, json);
        })));
        executions.forEach((arn, stored) -> records.add(payload(
                out -> writeCheckpoint(out, arn, stored.definition, stored.snapshot, stored.events))));
        return records;
    }

    @Override
    public synchronized StoredState load() {
        List<Map<String, Object>> sms = new ArrayList<>();
        stateMachines.values().forEach(json -> sms.add(Json.asObject(Json.parse(string(json)))));
        List<StoredExecution> execs = new ArrayList<>();
        executions.forEach((arn, stored) -> {
            Map<String, Object> snapshot = Json.asObject(Json.parse(string(stored.snapshot)));
            snapshot.put(DEFINITION, definitions.get(stored.definition));
            // the events as they are now (later checkpoints append to the stored list), parsed when first read
            List<byte[]> bytes = List.copyOf(stored.events);
            execs.add(new StoredExecution(snapshot, bytes.size(), () -> {
                List<Map<String, Object>> events = new ArrayList<>(bytes.size());
                bytes.forEach(e -> events.add(Json.asObject(Json.parse(string(e)))));
                return events;
            }));
        });
        return new StoredState(sms, execs);
    }

    /** Bytes in the log file now. */
    long logBytes() {
        return log.size();
    }

    // ---- records ----

    private static void writeDefinition(DataOutputStream out, int number, String text) throws IOException {
        out.writeByte(DEFINITION_TEXT);
        out.writeInt(number);
        writeBytes(out, utf8(text));
    }

    private static void writeCheckpoint(DataOutputStream out, String arn, int definition, byte[] snapshot,
            List<byte[]> events) throws IOException {
        out.writeByte(CHECKPOINT);
        writeString(out, arn);
        out.writeInt(definition);
        writeBytes(out, snapshot);
        out.writeInt(events.size());
        for (byte[] e : events) {
            writeBytes(out, e);
        }
    }

    private void addDefinition(int number, String text) {
        definitions.put(number, text);
        definitionNumbers.put(text, number);
    }

    private void applyCheckpoint(String arn, int definition, byte[] snapshot, List<byte[]> events) {
        Stored stored = executions.computeIfAbsent(arn, a -> new Stored());
        stored.definition = definition;
        stored.snapshot = snapshot;
        stored.events.addAll(events);
    }

    private void replay(byte[] payload) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
            while (in.available() > 0) {
                byte op = in.readByte();
                switch (op) {
                    case SAVE_STATE_MACHINE -> {
                        String arn = readString(in);
                        stateMachines.put(arn, readBytes(in));
                    }
                    case DELETE_STATE_MACHINE -> stateMachines.remove(readString(in));
                    case DEFINITION_TEXT -> {
                        int number = in.readInt();
                        addDefinition(number, string(readBytes(in)));
                    }
                    case CHECKPOINT -> {
                        String arn = readString(in);
                        int definition = in.readInt();
                        byte[] snapshot = readBytes(in);
                        int count = in.readInt();
                        List<byte[]> events = new ArrayList<>(count);
                        for (int i = 0; i < count; i++) {
                            events.add(readBytes(in));
                        }
                        applyCheckpoint(arn, definition, snapshot, events);
                    }
                    case FORGET -> executions.remove(readString(in));
                    default -> throw new IllegalStateException("unknown change " + op + " in " + FILE_NAME);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a checksummed record of " + FILE_NAME + " does not parse", e);
        }
    }

    @FunctionalInterface
    private interface Encoder {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] payload(Encoder encoder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            encoder.write(new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        log.close();
    }
}
