package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.HistoryEvent;
import dev.sagastack.local.stepfunctions.asl.TaskResource;
import dev.sagastack.local.stepfunctions.asl.TaskState;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.Map;

/**
 * Appends the events GetExecutionHistory reports (API reference, HistoryEvent): each event's id (the
 * execution's next), its previousEventId (the strand's last event, or the execution's last for
 * execution-level events), its timestamp (the engine's clock) and its details object. The interpreter
 * and its parts say what happened; this class alone decides how it is written down. Called on the
 * execution's mailbox only.
 */
final class HistoryRecorder {
    private final Scheduler scheduler;
    private final String region;

    HistoryRecorder(Scheduler scheduler, String region) {
        this.scheduler = scheduler;
        this.region = region;
    }

    private HistoryEvent append(ExecutionRun run, long previous, String type, String detailsName,
                                Map<String, Object> details) {
        HistoryEvent e = new HistoryEvent(++run.eventCounter, previous, scheduler.now(), type, detailsName, details);
        run.record(e);
        return e;
    }

    /**
     * An event of the strand's own chain: follows its last event and becomes it. A strand of a Map
     * Run's child execution writes to the child's own history, not the parent's.
     */
    private long onStrand(Strand s, String type, String detailsName, Map<String, Object> details) {
        HistoryEvent e = s.log != null ? s.log.append(s.lastEventId, scheduler.now(), type, detailsName, details)
                : append(s.run, s.lastEventId, type, detailsName, details);
        s.lastEventId = e.id();
        return e.id();
    }

    // ------------------------------------------------------------------ the execution

    void executionStarted(ExecutionRun run) {
        append(run, 0, "ExecutionStarted", "executionStartedEventDetails",
                Json.obj("input", run.input, "roleArn", run.roleArn, "stateMachineAliasArn", run.aliasArn,
                        "stateMachineVersionArn", run.versionArn));
    }

    void executionSucceeded(Strand s, Object output) {
        append(s.run, s.lastEventId, "ExecutionSucceeded", "executionSucceededEventDetails", Json.obj("output", output));
    }

    void executionFailed(ExecutionRun run, long previous, String error, String cause) {
        append(run, previous, "ExecutionFailed", "executionFailedEventDetails", Json.obj("error", error, "cause", cause));
    }

    /** StopExecution: after the execution's last event. */
    void executionAborted(ExecutionRun run, String error, String cause) {
        append(run, run.eventCounter, "ExecutionAborted", "executionAbortedEventDetails",
                Json.obj("error", error, "cause", cause));
    }

    void executionTimedOut(ExecutionRun run) {
        append(run, run.eventCounter, "ExecutionTimedOut", "executionTimedOutEventDetails",
                Json.obj("error", "States.Timeout"));
    }

    /** RedriveExecution; returns the event's id, where the redriven strands continue from. */
    long executionRedriven(ExecutionRun run) {
        return append(run, run.eventCounter, "ExecutionRedriven", "executionRedrivenEventDetails",
                Json.obj("redriveCount", run.redriveCount)).id();
    }

    // ------------------------------------------------------------------ states

    /** {@code <Type>StateEntered}; returns its id (the context object's State.EnteredEventId). */
    long stateEntered(Strand s, String name, Object input) {
        return onStrand(s, s.state.type().historyPrefix() + "StateEntered", "stateEnteredEventDetails",
                Json.obj("name", name, "input", input));
    }

    void stateExited(Strand s, Object output, Map<String, Object> assigned) {
        Map<String, Object> d = Json.obj("name", s.stateName, "output", output);
        if (assigned != null && !assigned.isEmpty()) {
            d.put("assignedVariables", assigned);
        }
        onStrand(s, s.state.type().historyPrefix() + "StateExited", "stateExitedEventDetails", d);
    }

    void stateAborted(Strand s) {
        onStrand(s, s.state.type().historyPrefix() + "StateAborted", null, null);
    }

    /** A JSONata evaluation error, with where it happened. */
    void evaluationFailed(Strand s, Failure f) {
        onStrand(s, "EvaluationFailed", "evaluationFailedEventDetails", Json.obj("error", f.error(),
                "cause", f.cause(), "location", f.evaluationLocation(), "state", s.stateName));
    }

    // ------------------------------------------------------------------ Parallel and Map

    void parallelStarted(Strand s) {
        onStrand(s, "ParallelStateStarted", null, null);
    }

    void mapStarted(Strand s, int length) {
        onStrand(s, "MapStateStarted", "mapStateStartedEventDetails", Json.obj("length", length));
    }

    /** MapStateSucceeded or ParallelStateSucceeded. */
    void groupSucceeded(Strand owner, boolean map) {
        onStrand(owner, map ? "MapStateSucceeded" : "ParallelStateSucceeded", null, null);
    }

    /** MapStateFailed or ParallelStateFailed. */
    void groupFailed(Strand owner, boolean map) {
        onStrand(owner, map ? "MapStateFailed" : "ParallelStateFailed", null, null);
    }

    /**
     * Where branch or iteration {@code index} of a group starts its chain: an inline Map iteration at
     * its MapIterationStarted event (recorded now), a Parallel branch at the owner's last event, a Map
     * Run's child at nothing yet (its ExecutionStarted comes with its input, {@link #childStarted}).
     */
    long branchStarted(Group g, int index) {
        Strand owner = g.owner;
        if (g.mapRun != null) {
            return 0;
        }
        if (!g.map) {
            return owner.lastEventId;
        }
        return append(owner.run, owner.lastEventId, "MapIterationStarted", "mapIterationStartedEventDetails",
                Json.obj("index", index, "name", g.state.name())).id();
    }

    /**
     * A branch or iteration ended: the owner's chain continues from a Map iteration's
     * MapIterationSucceeded/MapIterationFailed event (recorded now), or from a Parallel branch's last event.
     */
    void branchEnded(Group g, Strand child, boolean succeeded) {
        Strand owner = g.owner;
        if (!g.map) {
            owner.lastEventId = child.lastEventId;
            return;
        }
        String outcome = succeeded ? "Succeeded" : "Failed";
        owner.lastEventId = append(child.run, child.lastEventId, "MapIteration" + outcome,
                "mapIteration" + outcome + "EventDetails", Json.obj("index", child.index, "name", g.state.name())).id();
    }

    void mapIterationAborted(Strand iteration, String mapName) {
        if (iteration.log != null && iteration.group != null && iteration.group.mapRun != null) {
            if (iteration.log.isEmpty()) {
                childStarted(iteration, iteration.group.inputs.get(iteration.index));
            }
            onStrand(iteration, "ExecutionAborted", null, null);
            return;
        }
        append(iteration.run, iteration.lastEventId, "MapIterationAborted", "mapIterationAbortedEventDetails",
                Json.obj("index", iteration.index, "name", mapName));
    }

    // ------------------------------------------------------------------ a Map Run's child executions

    /**
     * The child execution's ExecutionStarted, the first event of its own history; its first state's
     * Entered event has previousEventId 0, as an execution's does.
     */
    void childStarted(Strand child, Object input) {
        child.lastEventId = 0;
        onStrand(child, "ExecutionStarted", "executionStartedEventDetails",
                Json.obj("input", input, "roleArn", child.run.roleArn));
        child.lastEventId = 0;
    }

    void childSucceeded(Strand child, Object output) {
        onStrand(child, "ExecutionSucceeded", "executionSucceededEventDetails", Json.obj("output", output));
    }

    void childFailed(Strand child, Failure f) {
        onStrand(child, "ExecutionFailed", "executionFailedEventDetails", Json.obj("error", f.error(),
                "cause", f.cause()));
    }

    /** A redriven child's ExecutionRedriven, after its ExecutionFailed/ExecutionAborted, as RedriveExecution records. */
    void childRedriven(Strand child, int redriveCount) {
        child.lastEventId = child.log.lastEventId();
        onStrand(child, "ExecutionRedriven", "executionRedrivenEventDetails", Json.obj("redriveCount", redriveCount));
    }

    void mapRunStarted(Strand owner, String mapRunArn) {
        onStrand(owner, "MapRunStarted", "mapRunStartedEventDetails", Json.obj("mapRunArn", mapRunArn));
    }

    void mapRunSucceeded(Strand owner) {
        onStrand(owner, "MapRunSucceeded", null, null);
    }

    void mapRunFailed(Strand owner, Failure f) {
        onStrand(owner, "MapRunFailed", "mapRunFailedEventDetails", Json.obj("error", f.error(), "cause", f.cause()));
    }

    void mapRunAborted(Strand owner) {
        onStrand(owner, "MapRunAborted", null, null);
    }

    void mapRunRedriven(Strand owner, String mapRunArn, int redriveCount) {
        onStrand(owner, "MapRunRedriven", "mapRunRedrivenEventDetails", Json.obj("mapRunArn", mapRunArn,
                "redriveCount", redriveCount));
    }

    // ------------------------------------------------------------------ tasks

    /** The scheduling events of a task: Activity*, LambdaFunction* (the older resource form) or Task*. */
    void taskScheduled(Strand s, TaskState st, Object params, Integer timeout, Integer heartbeat) {
        TaskResource r = st.taskResource();
        if (r.kind() == TaskResource.Kind.ACTIVITY) {
            onStrand(s, "ActivityScheduled", "activityScheduledEventDetails", Json.obj("resource", st.resource(),
                    "input", params, "timeoutInSeconds", timeout, "heartbeatInSeconds", heartbeat));
            return;
        }
        if (r.kind() == TaskResource.Kind.LAMBDA_FUNCTION) {
            onStrand(s, "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails",
                    Json.obj("resource", st.resource(), "input", params, "timeoutInSeconds", timeout));
            onStrand(s, "LambdaFunctionStarted", null, null);
            return;
        }
        onStrand(s, "TaskScheduled", "taskScheduledEventDetails", Json.obj("resourceType", r.resourceType(),
                "resource", r.resourceName(), "region", region, "parameters", params, "timeoutInSeconds", timeout,
                "heartbeatInSeconds", heartbeat));
        onStrand(s, "TaskStarted", "taskStartedEventDetails",
                Json.obj("resourceType", r.resourceType(), "resource", r.resourceName()));
    }

    void activityStarted(Strand s, String workerName) {
        onStrand(s, "ActivityStarted", "activityStartedEventDetails", Json.obj("workerName", workerName));
    }

    void activityScheduleFailed(Strand s, String error, String cause) {
        onStrand(s, "ActivityScheduleFailed", "activityScheduleFailedEventDetails",
                Json.obj("error", error, "cause", cause));
    }

    /** TaskSubmitted: a .sync job started, or a .waitForTaskToken call returned. */
    void taskSubmitted(Strand s, TaskState st, Object output) {
        onStrand(s, "TaskSubmitted", "taskSubmittedEventDetails", Json.obj("resourceType",
                st.taskResource().resourceType(), "resource", st.taskResource().resourceName(), "output", output));
    }

    void taskSucceeded(Strand s, TaskState st, Object output) {
        TaskResource r = st.taskResource();
        if (r.kind() == TaskResource.Kind.ACTIVITY) {
            onStrand(s, "ActivitySucceeded", "activitySucceededEventDetails", Json.obj("output", output));
        } else if (r.kind() == TaskResource.Kind.LAMBDA_FUNCTION) {
            onStrand(s, "LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", Json.obj("output", output));
        } else {
            onStrand(s, "TaskSucceeded", "taskSucceededEventDetails", Json.obj("resourceType", r.resourceType(),
                    "resource", r.resourceName(), "output", output));
        }
    }

    void taskFailed(Strand s, TaskState st, String error, String cause) {
        TaskResource r = st.taskResource();
        if (r.kind() == TaskResource.Kind.ACTIVITY) {
            onStrand(s, "ActivityFailed", "activityFailedEventDetails", Json.obj("error", error, "cause", cause));
        } else if (r.kind() == TaskResource.Kind.LAMBDA_FUNCTION) {
            onStrand(s, "LambdaFunctionFailed", "lambdaFunctionFailedEventDetails", Json.obj("error", error,
                    "cause", cause));
        } else {
            onStrand(s, "TaskFailed", "taskFailedEventDetails", Json.obj("resourceType", r.resourceType(),
                    "resource", r.resourceName(), "error", error, "cause", cause));
        }
    }

    void taskTimedOut(Strand s, TaskState st) {
        TaskResource r = st.taskResource();
        if (r.kind() == TaskResource.Kind.ACTIVITY) {
            onStrand(s, "ActivityTimedOut", "activityTimedOutEventDetails", Json.obj("error", "States.Timeout"));
        } else if (r.kind() == TaskResource.Kind.LAMBDA_FUNCTION) {
            onStrand(s, "LambdaFunctionTimedOut", "lambdaFunctionTimedOutEventDetails",
                    Json.obj("error", "States.Timeout"));
        } else {
            onStrand(s, "TaskTimedOut", "taskTimedOutEventDetails", Json.obj("resourceType", r.resourceType(),
                    "resource", r.resourceName(), "error", "States.Timeout"));
        }
    }
}
