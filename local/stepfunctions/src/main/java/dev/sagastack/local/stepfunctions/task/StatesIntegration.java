package dev.sagastack.local.stepfunctions.task;

import dev.sagastack.local.stepfunctions.StepFunctionsEngine;

/** {@code arn:aws:states:::states:startExecution} against this same engine. */
public final class StatesIntegration {
    private final StepFunctionsEngine engine;

    public StatesIntegration(StepFunctionsEngine engine) {
        this.engine = engine;
    }

    public TaskOutcome execute(TaskRequest req) {
        return TaskOutcome.failure("States.Runtime", "states:startExecution is not available yet on " + engine.region());
    }
}
