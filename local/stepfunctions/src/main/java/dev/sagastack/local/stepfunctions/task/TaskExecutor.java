package dev.sagastack.local.stepfunctions.task;

/** Runs one Task attempt against its service (called on the engine's task pool; may block). */
@FunctionalInterface
public interface TaskExecutor {
    TaskOutcome execute(TaskRequest request);
}
