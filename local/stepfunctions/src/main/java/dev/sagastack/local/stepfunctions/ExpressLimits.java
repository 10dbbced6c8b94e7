package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.asl.Definition;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.List;
import java.util.Map;

/**
 * What an EXPRESS state machine may not contain, refused at CreateStateMachine as AWS does
 * (Developer Guide, "Choosing workflow type": Express workflows support neither the job-run
 * (.sync) nor the callback (.waitForTaskToken) integration patterns, nor activities).
 */
final class ExpressLimits {
    private ExpressLimits() {
    }

    static void check(Definition def) {
        check(def.json(), "");
    }

    private static void check(Map<String, Object> container, String at) {
        if (!(container.get("States") instanceof Map)) {
            return;
        }
        for (Map.Entry<String, Object> e : Json.asObject(container.get("States")).entrySet()) {
            if (!(e.getValue() instanceof Map)) {
                continue;
            }
            Map<String, Object> state = Json.asObject(e.getValue());
            String loc = at + "/States/" + e.getKey();
            if ("Task".equals(state.get("Type")) && state.get("Resource") instanceof String r) {
                String refused = r.contains(":activity:") ? "Express state machine does not support Activities"
                        : r.endsWith(".sync") || r.endsWith(".sync:2")
                        ? "Express state machine does not support '.sync' service integration"
                        : r.endsWith(".waitForTaskToken")
                        ? "Express state machine does not support '.waitForTaskToken' service integration" : null;
                if (refused != null) {
                    throw new StepFunctionsException("InvalidDefinition", "Invalid State Machine Definition: '"
                            + "SCHEMA_VALIDATION_FAILED: " + refused + " at " + loc + "/Resource'");
                }
            }
            if (state.get("Branches") instanceof List<?> branches) {
                for (int i = 0; i < branches.size(); i++) {
                    if (branches.get(i) instanceof Map) {
                        check(Json.asObject(branches.get(i)), loc + "/Branches[" + i + "]");
                    }
                }
            }
            for (String f : List.of("ItemProcessor", "Iterator")) {
                if (state.get(f) instanceof Map) {
                    check(Json.asObject(state.get(f)), loc + "/" + f);
                }
            }
        }
    }
}
