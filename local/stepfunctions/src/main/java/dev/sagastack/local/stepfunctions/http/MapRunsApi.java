package dev.sagastack.local.stepfunctions.http;

import dev.sagastack.local.stepfunctions.MapRunInfo;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.sagastack.local.stepfunctions.http.StepFunctionsApi.epoch;
import static dev.sagastack.local.stepfunctions.http.StepFunctionsApi.page;
import static dev.sagastack.local.stepfunctions.http.StepFunctionsApi.required;

/** The Map Run operations of the JSON API: DescribeMapRun, ListMapRuns, UpdateMapRun. */
final class MapRunsApi {
    private MapRunsApi() {
    }

    /** Null when {@code op} is not one of these operations. */
    static Object dispatch(StepFunctionsEngine engine, String op, Map<String, Object> req) {
        switch (op) {
            case "DescribeMapRun":
                return describe(engine.describeMapRun(required(req, "mapRunArn")));
            case "ListMapRuns": {
                String execution = required(req, "executionArn");
                return page(engine.listMapRuns(execution), req, "mapRuns", "mapRuns|" + execution, r -> {
                    Map<String, Object> m = Json.obj("executionArn", r.executionArn(), "mapRunArn", r.mapRunArn(),
                            "stateMachineArn", r.stateMachineArn(), "startDate", epoch(r.startDate()));
                    r.stopDate().ifPresent(d -> m.put("stopDate", epoch(d)));
                    return m;
                });
            }
            case "UpdateMapRun":
                engine.updateMapRun(required(req, "mapRunArn"), integer(req, "maxConcurrency"),
                        integer(req, "toleratedFailureCount"), number(req, "toleratedFailurePercentage"));
                return new LinkedHashMap<>();
            default:
                return null;
        }
    }

    private static Map<String, Object> describe(MapRunInfo r) {
        Map<String, Object> m = Json.obj("mapRunArn", r.mapRunArn(), "executionArn", r.executionArn(),
                "status", r.status(), "startDate", epoch(r.startDate()));
        r.stopDate().ifPresent(d -> m.put("stopDate", epoch(d)));
        m.put("maxConcurrency", r.maxConcurrency());
        m.put("toleratedFailurePercentage", r.toleratedFailurePercentage());
        m.put("toleratedFailureCount", r.toleratedFailureCount());
        m.put("itemCounts", counts(r.itemCounts()));
        m.put("executionCounts", counts(r.executionCounts()));
        m.put("redriveCount", r.redriveCount());
        r.redriveDate().ifPresent(d -> m.put("redriveDate", epoch(d)));
        return m;
    }

    private static Map<String, Object> counts(MapRunInfo.Counts c) {
        return Json.obj("pending", c.pending(), "running", c.running(), "succeeded", c.succeeded(),
                "failed", c.failed(), "timedOut", c.timedOut(), "aborted", c.aborted(), "total", c.total(),
                "resultsWritten", c.resultsWritten(), "failuresNotRedrivable", c.failuresNotRedrivable(),
                "pendingRedrive", c.pendingRedrive());
    }

    private static Integer integer(Map<String, Object> req, String field) {
        Object v = req.get(field);
        return v instanceof Number n ? n.intValue() : null;
    }

    private static Double number(Map<String, Object> req, String field) {
        Object v = req.get(field);
        return v instanceof Number n ? n.doubleValue() : null;
    }
}
