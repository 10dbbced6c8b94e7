package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.expr.EvaluationException;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.Map;

/**
 * An error raised inside a state. {@code terminal} errors (States.Runtime, a state output over the
 * payload limit) end the execution without Retry or Catch, as AWS documents; the rest go through
 * the state's retriers and catchers.
 */
record Failure(String error, String cause, boolean terminal, String evaluationLocation) {
    static final String RUNTIME = "States.Runtime";
    static final String QUERY = "States.QueryEvaluationError";

    static Failure of(String error, String cause) {
        return new Failure(error, cause, false, null);
    }

    static Failure terminal(String error, String cause) {
        return new Failure(error, cause, true, null);
    }

    static Failure of(EvaluationException e) {
        boolean terminal = RUNTIME.equals(e.error());
        return new Failure(e.error(), e.cause(), terminal, QUERY.equals(e.error()) ? e.location() : null);
    }

    /** The {"Error","Cause"} object a Catch passes on; AWS gives "" for a missing cause (e.g. States.Timeout). */
    Map<String, Object> errorOutput() {
        return Json.obj("Error", error, "Cause", cause == null ? "" : cause);
    }

    /**
     * ErrorEquals matching: exact names, and States.ALL for everything except States.Runtime
     * (documented in "Handling errors in Step Functions workflows"). States.TaskFailed matches any
     * error except States.Timeout; States.HeartbeatTimeout is reported as States.Timeout.
     */
    boolean matches(String name, boolean heartbeat) {
        if (name.equals(error)) {
            return true;
        }
        switch (name) {
            case "States.ALL":
                return !RUNTIME.equals(error);
            case "States.TaskFailed":
                return !"States.Timeout".equals(error) && !RUNTIME.equals(error);
            case "States.HeartbeatTimeout":
                return heartbeat && "States.Timeout".equals(error);
            default:
                return false;
        }
    }
}
