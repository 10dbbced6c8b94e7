package dev.sagastack.local.stepfunctions;

import java.util.Optional;

/** GetActivityTask's answer: a task token and the task's input, or empty when no task came within the poll. */
public record ActivityTask(Optional<String> taskToken, Optional<String> input) {
    static ActivityTask none() {
        return new ActivityTask(Optional.empty(), Optional.empty());
    }
}
