package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.asl.Definition;
import dev.sagastack.local.stepfunctions.asl.DefinitionParser;
import dev.sagastack.local.stepfunctions.asl.InvalidDefinitionException;
import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.json.JsonException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TestState: runs one state on one input without a state machine. The state's targets become
 * terminal stand-ins so the run stops after the state; a failure its Retry would retry is
 * reported as RETRIABLE instead of waiting, as the TestState API does.
 */
final class TestStates {
    private static final Set<String> FAILURE_EVENTS = Set.of("TaskFailed", "TaskTimedOut", "LambdaFunctionFailed",
            "LambdaFunctionTimedOut", "MapStateFailed", "ParallelStateFailed", "EvaluationFailed");

    private TestStates() {
    }

    static TestStateResult run(StepFunctionsEngine engine, String stateDefinition, String input) {
        Object parsed;
        try {
            parsed = Json.parse(stateDefinition);
        } catch (JsonException e) {
            throw new StepFunctionsException("InvalidDefinition", "Invalid State Machine Definition: "
                    + "'INVALID_JSON_DESCRIPTION: " + e.getMessage() + "'");
        }
        if (!(parsed instanceof Map)) {
            throw new StepFunctionsException("InvalidDefinition", "Invalid State Machine Definition: "
                    + "'SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object'");
        }
        Map<String, Object> state = new LinkedHashMap<>(Json.asObject(parsed));
        Object ql = state.get("QueryLanguage");
        List<Object> retry = state.get("Retry") instanceof List ? Json.asArray(state.remove("Retry")) : List.of();
        Set<String> targets = new LinkedHashSet<>();
        collectTargets(state, targets);
        String name = "TestState";
        while (targets.contains(name)) {
            name = name + "_";
        }
        Map<String, Object> states = new LinkedHashMap<>();
        states.put(name, state);
        for (String t : targets) {
            states.put(t, Json.obj("Type", "Succeed"));
        }
        Map<String, Object> def = Json.obj("StartAt", name, "States", states);
        if ("JSONata".equals(ql)) {
            def.put("QueryLanguage", "JSONata");
        }
        Definition d;
        try {
            d = DefinitionParser.parse(Json.write(def));
        } catch (InvalidDefinitionException e) {
            throw new StepFunctionsException("InvalidDefinition", e.getMessage());
        }
        ExecutionInfo info = engine.runEphemeral(d, input == null ? "{}" : input, Duration.ofMinutes(1));
        List<HistoryEvent> history = engine.getEphemeralHistory(info.executionArn());
        String next = null;
        Object output = null;
        boolean failedInState = false;
        for (HistoryEvent e : history) {
            if (FAILURE_EVENTS.contains(e.type())) {
                failedInState = true;
            }
            if (e.type().endsWith("StateEntered") && !name.equals(e.details().get("name"))) {
                next = (String) e.details().get("name");
                output = Json.parse((String) e.details().get("input"));
                break;
            }
        }
        Optional<String> error = info.error();
        Optional<String> cause = info.cause();
        if (next != null && failedInState && output instanceof Map) {
            Map<String, Object> o = Json.asObject(output);
            error = Optional.ofNullable((String) o.get("Error"));
            cause = Optional.ofNullable((String) o.get("Cause"));
        }
        if ((info.status() == ExecutionStatus.FAILED || failedInState) && error.isPresent()
                && retriable(retry, error.get())) {
            return new TestStateResult("RETRIABLE", Optional.empty(), error, cause, Optional.empty());
        }
        if (info.status() == ExecutionStatus.FAILED) {
            return new TestStateResult("FAILED", Optional.empty(), info.error(), info.cause(), Optional.empty());
        }
        Optional<String> out = next != null ? Optional.of(Json.write(output)) : info.output();
        if (failedInState && next != null) {
            return new TestStateResult("CAUGHT_ERROR", out, error, cause, Optional.of(next));
        }
        return new TestStateResult("SUCCEEDED", out, Optional.empty(), Optional.empty(), Optional.ofNullable(next));
    }

    private static boolean retriable(List<Object> retry, String error) {
        for (Object r : retry) {
            if (!(r instanceof Map)) {
                continue;
            }
            Map<String, Object> m = Json.asObject(r);
            Object eq = m.get("ErrorEquals");
            Object max = m.get("MaxAttempts");
            if (eq instanceof List && (Json.asArray(eq).contains(error)
                    || (Json.asArray(eq).contains("States.ALL") && !error.equals("States.Runtime")))) {
                return !(max instanceof Number) || ((Number) max).intValue() > 0;
            }
        }
        return false;
    }

    private static void collectTargets(Map<String, Object> state, Set<String> out) {
        if (state.get("Next") instanceof String) {
            out.add((String) state.get("Next"));
        }
        if (state.get("Default") instanceof String) {
            out.add((String) state.get("Default"));
        }
        for (String list : List.of("Choices", "Catch")) {
            if (state.get(list) instanceof List) {
                for (Object o : Json.asArray(state.get(list))) {
                    if (o instanceof Map && Json.asObject(o).get("Next") instanceof String) {
                        out.add((String) Json.asObject(o).get("Next"));
                    }
                }
            }
        }
    }
}
