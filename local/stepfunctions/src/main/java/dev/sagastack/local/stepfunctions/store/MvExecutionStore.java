package dev.sagastack.local.stepfunctions.store;

import dev.sagastack.local.stepfunctions.HistoryEvent;
import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.runtime.Checkpoints;
import dev.sagastack.local.stepfunctions.runtime.ExecutionRun;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * State machines, execution checkpoints and history in one H2 MVStore file
 * ({@code <dir>/stepfunctions.mv.db}). Each checkpoint writes the execution's snapshot and the
 * history events recorded since the last one, then commits.
 */
public final class MvExecutionStore implements ExecutionStore {
    private final MVStore store;
    private final MVMap<String, String> stateMachines;
    private final MVMap<String, String> executions;
    private final MVMap<String, String> history;

    MvExecutionStore(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
        // "retry:" reopens the file channel when a caller's thread is interrupted inside a write (a host that runs
        // the API on a function's thread interrupts it at the function's timeout), instead of leaving it closed
        this.store = new MVStore.Builder().fileName("retry:" + dir.resolve("stepfunctions.mv.db")).autoCommitDisabled()
                .open();
        this.stateMachines = store.openMap("stateMachines");
        this.executions = store.openMap("executions");
        this.history = store.openMap("history");
    }

    private static String eventKey(String arn, long id) {
        return arn + "#" + String.format("%012d", id);
    }

    @Override
    public synchronized void saveStateMachine(String arn, Map<String, Object> record) {
        stateMachines.put(arn, Json.write(record));
        store.commit();
    }

    @Override
    public synchronized void deleteStateMachine(String arn) {
        stateMachines.remove(arn);
        store.commit();
    }

    @Override
    public void registerExecution(ExecutionRun run, String definitionText) {
        checkpoint(run);
    }

    @Override
    public synchronized void checkpoint(ExecutionRun run) {
        List<HistoryEvent> fresh = runHistorySince(run);
        for (HistoryEvent e : fresh) {
            history.put(eventKey(run.arn(), e.id()), Json.write(Checkpoints.event(e)));
        }
        run.persistedEvents += fresh.size();
        executions.put(run.arn(), Json.write(Checkpoints.snapshot(run)));
        store.commit();
    }

    private static List<HistoryEvent> runHistorySince(ExecutionRun run) {
        List<HistoryEvent> all = run.history();
        return all.subList(Math.min(run.persistedEvents, all.size()), all.size());
    }

    @Override
    public synchronized void forget(String executionArn) {
        executions.remove(executionArn);
        List<String> keys = new ArrayList<>();
        for (var it = history.keyIterator(executionArn + "#"); it.hasNext(); ) {
            String k = it.next();
            if (!k.startsWith(executionArn + "#")) {
                break;
            }
            keys.add(k);
        }
        keys.forEach(history::remove);
        store.commit();
    }

    @Override
    public synchronized StoredState load() {
        List<Map<String, Object>> sms = new ArrayList<>();
        stateMachines.forEach((arn, json) -> sms.add(Json.asObject(Json.parse(json))));
        List<StoredExecution> execs = new ArrayList<>();
        executions.forEach((arn, json) -> {
            List<Map<String, Object>> events = new ArrayList<>();
            for (var it = history.keyIterator(arn + "#"); it.hasNext(); ) {
                String k = it.next();
                if (!k.startsWith(arn + "#")) {
                    break;
                }
                events.add(Json.asObject(Json.parse(history.get(k))));
            }
            execs.add(new StoredExecution(Json.asObject(Json.parse(json)), events));
        });
        return new StoredState(sms, execs);
    }

    @Override
    public synchronized void close() {
        if (!store.isClosed()) {
            store.commit();
            store.close();
        }
    }
}
