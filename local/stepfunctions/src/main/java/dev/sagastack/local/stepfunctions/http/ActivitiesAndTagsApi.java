package dev.sagastack.local.stepfunctions.http;

import dev.sagastack.local.stepfunctions.ActivityInfo;
import dev.sagastack.local.stepfunctions.ActivityTask;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sagastack.local.stepfunctions.http.StepFunctionsApi.epoch;
import static dev.sagastack.local.stepfunctions.http.StepFunctionsApi.optional;
import static dev.sagastack.local.stepfunctions.http.StepFunctionsApi.page;
import static dev.sagastack.local.stepfunctions.http.StepFunctionsApi.required;

/** Activity operations (CreateActivity ... GetActivityTask) and tagging (TagResource, UntagResource, ListTagsForResource). */
final class ActivitiesAndTagsApi {
    private ActivitiesAndTagsApi() {
    }

    static Object dispatch(StepFunctionsEngine engine, String op, Map<String, Object> req) {
        switch (op) {
            case "CreateActivity": {
                ActivityInfo a = engine.createActivity(required(req, "name"), tags(req));
                return Json.obj("activityArn", a.activityArn(), "creationDate", epoch(a.creationDate()));
            }
            case "DescribeActivity": {
                ActivityInfo a = engine.describeActivity(required(req, "activityArn"));
                return Json.obj("activityArn", a.activityArn(), "name", a.name(), "creationDate",
                        epoch(a.creationDate()));
            }
            case "ListActivities":
                return page(engine.listActivities(), req, "activities", "activities", a -> Json.obj(
                        "activityArn", a.activityArn(), "name", a.name(), "creationDate", epoch(a.creationDate())));
            case "DeleteActivity":
                engine.deleteActivity(required(req, "activityArn"));
                return new LinkedHashMap<>();
            case "GetActivityTask": {
                ActivityTask t = engine.getActivityTask(required(req, "activityArn"), optional(req, "workerName"));
                Map<String, Object> m = new LinkedHashMap<>();
                t.taskToken().ifPresent(v -> m.put("taskToken", v));
                t.input().ifPresent(v -> m.put("input", v));
                return m;
            }
            case "TagResource":
                engine.tagResource(required(req, "resourceArn"), tags(req));
                return new LinkedHashMap<>();
            case "UntagResource": {
                List<String> keys = new ArrayList<>();
                Object v = req.get("tagKeys");
                if (v instanceof List) {
                    Json.asArray(v).forEach(k -> keys.add(String.valueOf(k)));
                }
                engine.untagResource(required(req, "resourceArn"), keys);
                return new LinkedHashMap<>();
            }
            case "ListTagsForResource": {
                List<Object> tags = new ArrayList<>();
                engine.listTagsForResource(required(req, "resourceArn")).forEach((k, val) ->
                        tags.add(Json.obj("key", k, "value", val)));
                return Json.obj("tags", tags);
            }
            default:
                return null;
        }
    }

    /** The {@code tags} list ([{key, value}]) of a request as a map. */
    static Map<String, String> tags(Map<String, Object> req) {
        Map<String, String> out = new LinkedHashMap<>();
        Object v = req.get("tags");
        if (v instanceof List) {
            for (Object o : Json.asArray(v)) {
                Map<String, Object> t = Json.asObject(o);
                Object key = t.get("key");
                Object value = t.get("value");
                out.put(key == null ? null : String.valueOf(key), value == null ? "" : String.valueOf(value));
            }
        }
        return out;
    }
}
