package dev.sagastack.local.stepfunctions.store;

import dev.sagastack.local.stepfunctions.runtime.ExecutionRun;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Durable state of the engine. The in-memory engine uses {@link #none()}; with a data directory,
 * {@link #open(Path)} keeps state machines, execution checkpoints and history in an H2 MVStore file.
 */
public interface ExecutionStore extends AutoCloseable {
    void saveStateMachine(String arn, Map<String, Object> record);

    void deleteStateMachine(String arn);

    /** A new execution (before it runs). */
    void registerExecution(ExecutionRun run, String definitionText);

    /** Called after each batch of work on an execution, before its pending task calls go out. */
    void checkpoint(ExecutionRun run);

    void forget(String executionArn);

    void restore(BiConsumer<String, Map<String, Object>> stateMachines, Consumer<ExecutionRun> executions);

    @Override
    void close();

    static ExecutionStore none() {
        return NoStore.INSTANCE;
    }

    static ExecutionStore open(Path directory) {
        throw new UnsupportedOperationException("durable store not available yet");
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
        public void restore(BiConsumer<String, Map<String, Object>> stateMachines, Consumer<ExecutionRun> executions) {
        }

        @Override
        public void close() {
        }
    }
}
