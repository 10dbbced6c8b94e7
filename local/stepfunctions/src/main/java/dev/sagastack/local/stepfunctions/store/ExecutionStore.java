package dev.sagastack.local.stepfunctions.store;

import dev.sagastack.local.stepfunctions.runtime.ExecutionRun;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Durable state of the engine. The in-memory engine uses {@link #none()}; with a data directory,
 * {@link #open(Path)} keeps state machines, execution checkpoints and history in a log file.
 */
public interface ExecutionStore extends AutoCloseable {
    void saveStateMachine(String arn, Map<String, Object> record);

    void deleteStateMachine(String arn);

    /** A new execution (before it runs). */
    void registerExecution(ExecutionRun run, String definitionText);

    /** Called after each batch of work on an execution, before its pending task calls go out. */
    void checkpoint(ExecutionRun run);

    void forget(String executionArn);

    /** Everything stored, for a restarting engine. */
    StoredState load();

    /** Stored state machines (each with its "arn") and executions (snapshot + history events). */
    record StoredState(List<Map<String, Object>> stateMachines, List<StoredExecution> executions) {
    }

    /**
     * An execution as stored: its snapshot, and its history ({@code historySize} events), parsed only when
     * {@link #history()} is asked (a restarted engine keeps finished executions' histories unread until
     * somebody reads one).
     */
    record StoredExecution(Map<String, Object> snapshot, int historySize, Supplier<List<Map<String, Object>>> events) {
        public StoredExecution {
            Objects.requireNonNull(snapshot, "snapshot");
            Objects.requireNonNull(events, "events");
        }

        /** The history, parsed now. */
        public List<Map<String, Object>> history() {
            return events.get();
        }
    }

    @Override
    void close();

    static ExecutionStore none() {
        return NoStore.INSTANCE;
    }

    static ExecutionStore open(Path directory) {
        return new LogExecutionStore(directory);
    }

    /** Keeps nothing. */
    final class NoStore implements ExecutionStore {
        static final NoStore INSTANCE = new NoStore();

        @Override
        public void saveStateMachine(String arn, Map<String, Object> record) {
        }

        @Override
        public void deleteStateMachine(String arn) {
        }

        @Override
        public void registerExecution(ExecutionRun run, String definitionText) {
        }

        @Override
        public void checkpoint(ExecutionRun run) {
        }

        @Override
        public void forget(String executionArn) {
        }

        @Override
        public StoredState load() {
            return new StoredState(List.of(), List.of());
        }

        @Override
        public void close() {
        }
    }
}
