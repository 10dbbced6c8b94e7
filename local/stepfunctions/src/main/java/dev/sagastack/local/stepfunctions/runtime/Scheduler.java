package dev.sagastack.local.stepfunctions.runtime;

import java.time.Instant;

/**
 * Where the engine's work runs and how it waits: a bounded pool for interpreter work, a separate
 * bounded pool for blocking task calls (so one slow Lambda handler does not stall other
 * executions), and timers on the engine's clock (real or virtual).
 */
public interface Scheduler extends AutoCloseable {
    Instant now();

    /** Runs interpreter work. */
    void execute(Runnable work);

    /** Runs a blocking call (a task invocation). */
    void executeBlocking(Runnable work);

    /**
     * Runs {@code work} (as interpreter work) once the clock reaches {@code at}. {@code external}
     * marks timers that wait for the outside world (task-token timeouts, execution deadlines): a
     * virtual clock does not jump forward just to fire them.
     */
    Timer schedule(Instant at, boolean external, Runnable work);

    @Override
    void close();

    /** A scheduled timer. */
    interface Timer {
        void cancel();
    }
}
