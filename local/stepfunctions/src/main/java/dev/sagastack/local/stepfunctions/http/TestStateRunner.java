package dev.sagastack.local.stepfunctions.http;

import dev.sagastack.local.stepfunctions.StepFunctionsEngine;
import dev.sagastack.local.stepfunctions.TestStateResult;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.Map;

/** Maps TestState requests and answers to the API's JSON shape. */
final class TestStateRunner {
    private final StepFunctionsEngine engine;

    TestStateRunner(StepFunctionsEngine engine) {
        this.engine = engine;
    }

    Map<String, Object> run(String definition, String input) {
        TestStateResult r = engine.testState(definition, input);
        Map<String, Object> m = Json.obj("status", r.status());
        r.output().ifPresent(o -> m.put("output", o));
        r.error().ifPresent(e -> m.put("error", e));
        r.cause().ifPresent(c -> m.put("cause", c));
        r.nextState().ifPresent(n -> m.put("nextState", n));
        m.put("inspectionData", Json.obj("input", input == null ? "{}" : input));
        return m;
    }
}
