package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PayloadTemplate;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One state of a definition: the fields every type has (Type, QueryLanguage, Next/End, input and
 * output processing), then its type's own. Choice states are read by {@link ChoiceStateParser},
 * Map states by {@link MapStateParser}.
 */
final class StateParser {
    /** Reads a StartAt + States block nested in a state: a Parallel branch or a Map's ItemProcessor. */
    @FunctionalInterface
    interface NestedStates {
        StatesContainer parse(String location, Map<String, Object> block);
    }

    private final Diagnostics diagnostics;
    private final FieldCompiler fields;
    private final QueryLanguage topLanguage;
    private final NestedStates nested;
    private final SettingReader settings;
    private final RetryCatchParser retryCatch;
    private final ChoiceStateParser choices;
    private final MapStateParser maps;

    StateParser(Diagnostics diagnostics, FieldCompiler fields, QueryLanguage topLanguage, NestedStates nested) {
        this.diagnostics = diagnostics;
        this.fields = fields;
        this.topLanguage = topLanguage;
        this.nested = nested;
        this.settings = new SettingReader(diagnostics, fields);
        this.retryCatch = new RetryCatchParser(diagnostics, fields);
        this.choices = new ChoiceStateParser(diagnostics, fields);
        this.maps = new MapStateParser(diagnostics, fields, settings, retryCatch, nested);
    }

    /** The state, or null when its Type is not valid (reported). */
    State state(String name, Map<String, Object> m, String loc) {
        StateType t = type(m.get("Type"));
        if (t == null) {
            diagnostics.schema("The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, "
                    + "Choice, Parallel, Map]", loc + "/Type");
            return null;
        }
        Object ql = m.get("QueryLanguage");
        if ("JSONPath".equals(ql) && topLanguage == QueryLanguage.JSONata) {
            diagnostics.schema("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", loc);
        }
        QueryLanguage language = fields.queryLanguage(ql, topLanguage, loc);
        boolean jsonata = language == QueryLanguage.JSONata;
        AllowedFields.check(diagnostics, m, AllowedFields.of(t), jsonata, loc);
        String next = null;
        boolean end = false;
        if (t != StateType.Succeed && t != StateType.Fail && t != StateType.Choice) {
            Object n = m.get("Next");
            Object e = m.get("End");
            if (n != null && !(n instanceof String)) {
                diagnostics.schema("The value should be a string", loc + "/Next");
            }
            if (e != null && !(e instanceof Boolean)) {
                diagnostics.schema("The value should be a boolean", loc + "/End");
            }
            next = n instanceof String ? (String) n : null;
            end = Boolean.TRUE.equals(e);
            if (next != null && end) {
                diagnostics.notBoth("Next", "End", loc);
            } else if (next == null && !end) {
                diagnostics.schema("One of these fields is required: [Next, End]", loc);
            }
        }
        StateHeader h = new StateHeader(name, language, next, end, processing(jsonata, m, loc));
        return switch (t) {
            case Pass -> new PassState(name, language, next, end, h.io(), m.get("Result"));
            case Task -> task(h, m, loc);
            case Choice -> choices.choice(h, m, loc);
            case Wait -> waitState(h, m, loc);
            case Fail -> failState(h, m, loc);
            case Parallel -> parallel(h, m, loc);
            case Map -> maps.map(h, m, loc);
            case Succeed -> new SucceedState(name, language, h.io());
        };
    }

    private static StateType type(Object type) {
        try {
            return type instanceof String ? StateType.valueOf((String) type) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Processing processing(boolean jsonata, Map<String, Object> m, String loc) {
        if (!jsonata) {
            PathField inputPath = fields.pathField(m, "InputPath", loc);
            PathField outputPath = fields.pathField(m, "OutputPath", loc);
            PathField resultPath = fields.referencePathField(m, "ResultPath", loc);
            PayloadTemplate parameters = fields.payload(m, "Parameters", loc);
            PayloadTemplate resultSelector = fields.payload(m, "ResultSelector", loc);
            PayloadTemplate assign = fields.assignPath(m.get("Assign"), loc + "/Assign");
            return new Processing(inputPath, outputPath, resultPath, parameters, resultSelector, assign, null, null, null);
        }
        JsonataTemplate arguments = fields.jsonata(m, "Arguments", loc);
        JsonataTemplate output = fields.jsonata(m, "Output", loc);
        JsonataTemplate assign = fields.assignJsonata(m.get("Assign"), loc + "/Assign");
        return new Processing(PathField.DEFAULT, PathField.DEFAULT, PathField.DEFAULT, null, null, null, arguments,
                output, assign);
    }

    private TaskState task(StateHeader h, Map<String, Object> m, String loc) {
        if (!(m.get("Resource") instanceof String resource)) {
            diagnostics.required(loc, "Resource");
            return new TaskState(h.name(), h.language(), h.next(), h.end(), h.io(), null, null, null, null, List.of(),
                    List.of());
        }
        TaskResource taskResource = TaskResource.parse(resource);
        if (taskResource == null) {
            diagnostics.schema("The resource provided " + resource + " is not recognized. The value is not a valid "
                    + "resource ARN, or the resource is not available in this region.", loc + "/Resource");
        }
        Setting<Integer> timeout = settings.integer(h, m, "TimeoutSeconds", loc, true);
        Setting<Integer> heartbeat = settings.integer(h, m, "HeartbeatSeconds", loc, true);
        timeout = settings.withPath(m, "TimeoutSeconds", loc, timeout);
        heartbeat = settings.withPath(m, "HeartbeatSeconds", loc, heartbeat);
        if (m.containsKey("TimeoutSeconds") && m.containsKey("TimeoutSecondsPath")) {
            diagnostics.notBoth("TimeoutSeconds", "TimeoutSecondsPath", loc);
        }
        if (timeout instanceof Setting.Fixed<Integer> t && heartbeat instanceof Setting.Fixed<Integer> hb
                && hb.value() >= t.value()) {
            diagnostics.schema("The value of 'HeartbeatSeconds' must be less than the value of 'TimeoutSeconds'",
                    loc + "/HeartbeatSeconds");
        }
        return new TaskState(h.name(), h.language(), h.next(), h.end(), h.io(), resource, taskResource, timeout,
                heartbeat, retryCatch.retry(m, loc), retryCatch.catchers(h, m, loc));
    }

    private WaitState waitState(StateHeader h, Map<String, Object> m, String loc) {
        long given = List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath").stream().filter(m::containsKey)
                .count();
        Setting<Integer> seconds = null;
        Setting<String> timestamp = null;
        if (given != 1) {
            diagnostics.schema("Exactly one of these fields is required: [Seconds, Timestamp, SecondsPath, "
                    + "TimestampPath]", loc);
        } else {
            seconds = settings.integerOrPath(h, m, "Seconds", loc, false);
            timestamp = settings.timestampOrPath(h, m, loc);
        }
        return new WaitState(h.name(), h.language(), h.next(), h.end(), h.io(), seconds, timestamp);
    }

    private FailState failState(StateHeader h, Map<String, Object> m, String loc) {
        if (h.jsonata()) {
            return new FailState(h.name(), h.language(), settings.expression(m, "Error", loc),
                    settings.expression(m, "Cause", loc));
        }
        if (m.containsKey("Error") && m.containsKey("ErrorPath")) {
            diagnostics.notBoth("Error", "ErrorPath", loc);
        }
        if (m.containsKey("Cause") && m.containsKey("CausePath")) {
            diagnostics.notBoth("Cause", "CausePath", loc);
        }
        return new FailState(h.name(), h.language(), settings.text(m, "Error", loc), settings.text(m, "Cause", loc));
    }

    private ParallelState parallel(StateHeader h, Map<String, Object> m, String loc) {
        Object b = m.get("Branches");
        List<StatesContainer> branches = new ArrayList<>();
        if (!(b instanceof List) || Json.asArray(b).isEmpty()) {
            diagnostics.schema("Value cannot be empty", loc + "/Branches");
            return new ParallelState(h.name(), h.language(), h.next(), h.end(), h.io(), branches, List.of(), List.of());
        }
        fields.eachObject(Json.asArray(b), loc + "/Branches", (branch, at, i) -> {
            StatesContainer c = nested.parse(at, branch);
            if (c != null) {
                branches.add(c);
            }
        });
        return new ParallelState(h.name(), h.language(), h.next(), h.end(), h.io(), branches, retryCatch.retry(m, loc),
                retryCatch.catchers(h, m, loc));
    }
}
