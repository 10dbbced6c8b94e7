package dev.sagastack.local.stepfunctions.task;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What a Task attempt produced: a result value (for .waitForTaskToken: the response of the call
 * that handed out the token), or an error name and cause. {@code delay} postpones delivery on the
 * engine clock (simulated durations).
 */
public final class TaskOutcome {
    private final Object result;
    private final String error;
    private final String cause;
    private final Duration delay;
    private final CompletableFuture<TaskOutcome> completion;

    private TaskOutcome(Object result, String error, String cause, Duration delay,
                        CompletableFuture<TaskOutcome> completion) {
        this.result = result;
        this.error = error;
        this.cause = cause;
        this.delay = delay;
        this.completion = completion;
    }

    /**
     * A job was started (result = the start call's response, recorded as TaskSubmitted); the task
     * finishes when {@code completion} does (the .sync pattern).
     */
    public static TaskOutcome submitted(Object startResponse, CompletableFuture<TaskOutcome> completion) {
        return new TaskOutcome(startResponse, null, null, Duration.ZERO, completion);
    }

    public CompletableFuture<TaskOutcome> completion() {
        return completion;
    }

    public static TaskOutcome success(Object result) {
        return new TaskOutcome(result, null, null, Duration.ZERO, null);
    }

    public static TaskOutcome failure(String error, String cause) {
        return new TaskOutcome(null, error, cause, Duration.ZERO, null);
    }

    public TaskOutcome after(Duration d) {
        return new TaskOutcome(result, error, cause, d == null ? Duration.ZERO : d, completion);
    }

    public boolean isSuccess() {
        return error == null;
    }

    public Object result() {
        return result;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    public Duration delay() {
        return delay;
    }
}
