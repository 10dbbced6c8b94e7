package dev.sagastack.local.stepfunctions.task;

import dev.sagastack.local.stepfunctions.ExecutionInfo;
import dev.sagastack.local.stepfunctions.ExecutionStatus;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;
import dev.sagastack.local.stepfunctions.StepFunctionsException;
import dev.sagastack.local.stepfunctions.asl.TaskResource;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * {@code arn:aws:states:::states:startExecution} (and {@code .sync}, {@code .sync:2}) against this
 * engine, with the result shapes of "Start a new AWS Step Functions state machine from a running
 * execution": the StartExecution response, or (sync) the DescribeExecution fields of the child,
 * Output as text (.sync) or JSON (.sync:2). A failed child fails the task with States.TaskFailed.
 */
public final class StatesIntegration {
    private final StepFunctionsEngine engine;

    public StatesIntegration(StepFunctionsEngine engine) {
        this.engine = engine;
    }

    public TaskOutcome execute(TaskRequest req) {
        if (!(req.parameters() instanceof Map)) {
            return TaskOutcome.failure("States.Runtime", "The parameters must be a JSON object");
        }
        Map<String, Object> p = Json.asObject(req.parameters());
        Object sm = p.get("StateMachineArn");
        if (!(sm instanceof String)) {
            return TaskOutcome.failure("States.Runtime", "The field 'StateMachineArn' is required");
        }
        Object in = p.get("Input");
        String input = in == null ? "{}" : in instanceof String ? (String) in : Json.write(in);
        Object name = p.get("Name");
        ExecutionInfo started;
        try {
            started = engine.startExecution((String) sm, name instanceof String ? (String) name : null, input);
        } catch (StepFunctionsException e) {
            return TaskOutcome.failure("StepFunctions." + e.code() + "Exception", e.getMessage()
                    + " (Service: AWSStepFunctions; Status Code: 400; Error Code: " + e.code() + "; Request ID: "
                    + UUID.randomUUID() + "; Proxy: null)");
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("ExecutionArn", started.executionArn());
        response.put("StartDate", started.startDate().toEpochMilli());
        if (req.resource().pattern() == TaskResource.IntegrationPattern.REQUEST_RESPONSE) {
            return TaskOutcome.success(response);
        }
        boolean json = req.resource().pattern() == TaskResource.IntegrationPattern.RUN_JOB_JSON_OUTPUT;
        CompletableFuture<TaskOutcome> done = engine.completion(started.executionArn())
                .thenApply(info -> outcome(info, json));
        return TaskOutcome.submitted(response, done);
    }

    private static TaskOutcome outcome(ExecutionInfo e, boolean json) {
        Map<String, Object> d = new LinkedHashMap<>();
        e.cause().ifPresent(c -> d.put("Cause", c));
        e.error().ifPresent(c -> d.put("Error", c));
        d.put("ExecutionArn", e.executionArn());
        d.put("Input", json ? Json.parse(e.input()) : e.input());
        d.put("InputDetails", Json.obj("Included", true));
        d.put("Name", e.name());
        e.output().ifPresent(o -> {
            d.put("Output", json ? Json.parse(o) : o);
            d.put("OutputDetails", Json.obj("Included", true));
        });
        d.put("StartDate", e.startDate().toEpochMilli());
        d.put("StateMachineArn", e.stateMachineArn());
        d.put("Status", e.status().name());
        e.stopDate().ifPresent(t -> d.put("StopDate", t.toEpochMilli()));
        if (e.status() == ExecutionStatus.SUCCEEDED) {
            return TaskOutcome.success(d);
        }
        return TaskOutcome.failure("States.TaskFailed", Json.write(d));
    }
}
