package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.ExecutionStatus;
import dev.sagastack.local.stepfunctions.HistoryEvent;
import dev.sagastack.local.stepfunctions.asl.Definition;
import dev.sagastack.local.stepfunctions.asl.StatesContainer;
import dev.sagastack.local.stepfunctions.expr.Variables;
import dev.sagastack.local.stepfunctions.json.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an execution into plain JSON values and back, so a durable store can keep it and a
 * restarted engine can resume it. A checkpoint is taken when an execution's mailbox is empty, so
 * every live strand is waiting on something: a timer, a task, a token or its children. On resume,
 * timers are set again, tokens registered again, and tasks that were in flight are dispatched
 * again; completed steps are in the checkpoint and are not repeated.
 */
public final class Checkpoints {
    private Checkpoints() {
    }

    public static Map<String, Object> snapshot(ExecutionRun run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arn", run.arn);
        m.put("name", run.name);
        m.put("stateMachineArn", run.stateMachineArn);
        m.put("stateMachineName", run.stateMachineName);
        m.put("roleArn", run.roleArn);
        m.put("definition", run.definition.text());
        m.put("input", run.inputText);
        m.put("startDate", run.startDate.toString());
        m.put("testCase", run.testCase);
        m.put("parent", run.parentExecutionArn);
        m.put("status", run.status.name());
        m.put("output", run.output == null ? null : Json.write(run.output));
        m.put("error", run.error);
        m.put("cause", run.cause);
        m.put("stopDate", run.stopDate == null ? null : run.stopDate.toString());
        m.put("eventCounter", run.eventCounter);
        m.put("invocations", new LinkedHashMap<>(run.invocationCounts()));
        if (run.isRunning() && run.root != null) {
            m.put("root", strand(run.root));
        }
        m.values().removeIf(v -> v == null);
        return m;
    }

    private static Map<String, Object> strand(Strand s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("container", s.container.path());
        m.put("index", s.index);
        m.put("vars", s.vars.own());
        m.put("mapItem", s.mapItem);
        m.put("state", s.stateName);
        m.put("input", s.input);
        m.put("entered", s.enteredTime == null ? null : s.enteredTime.toString());
        m.put("enteredEventId", s.enteredEventId);
        m.put("lastEventId", s.lastEventId);
        if (s.retryCounts != null) {
            List<Object> rc = new ArrayList<>();
            for (int c : s.retryCounts) {
                rc.add(c);
            }
            m.put("retryCounts", rc);
        }
        m.put("retryCount", s.retryCount);
        m.put("waiting", s.waiting.name());
        m.put("wakeAt", s.wakeAt == null ? null : s.wakeAt.toString());
        m.put("finished", s.finished);
        if (s.children != null) {
            Group g = s.children;
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("map", g.map);
            gm.put("inputs", g.inputs);
            List<Object> results = new ArrayList<>();
            for (Object r : g.results) {
                results.add(r == null ? Json.NULL : r);
            }
            List<Object> done = new ArrayList<>();
            for (Object r : g.results) {
                done.add(r != null);
            }
            gm.put("results", results);
            gm.put("done", done);
            gm.put("started", g.started);
            gm.put("completed", g.completed);
            gm.put("failures", g.failures);
            gm.put("maxConcurrency", g.maxConcurrency);
            gm.put("toleratedCount", g.toleratedCount);
            gm.put("toleratedPercentage", g.toleratedPercentage);
            gm.put("selectorInput", g.selectorInput);
            List<Object> running = new ArrayList<>();
            for (Strand c : g.running) {
                running.add(strand(c));
            }
            gm.put("running", running);
            gm.values().removeIf(v -> v == null);
            m.put("children", gm);
        }
        m.values().removeIf(v -> v == null);
        return m;
    }

    /** A history event as stored (raw values, not JSON text). */
    public static Map<String, Object> event(HistoryEvent e) {
        return Json.obj("id", e.id(), "prev", e.previousEventId(), "ts", e.timestamp().toString(), "type", e.type(),
                "dn", e.detailsName(), "d", e.rawDetails());
    }

    public static HistoryEvent event(Map<String, Object> m) {
        Object d = m.get("d");
        return new HistoryEvent(((Number) m.get("id")).longValue(), ((Number) m.get("prev")).longValue(),
                Instant.parse((String) m.get("ts")), (String) m.get("type"), (String) m.get("dn"),
                d instanceof Map ? Json.asObject(d) : null);
    }

    /** Rebuilds an execution from its snapshot and history (does not resume it). */
    public static ExecutionRun restore(Interpreter interpreter, Map<String, Object> m, Definition def,
                                       List<HistoryEvent> history, long seed) {
        ExecutionRun run = new ExecutionRun(interpreter, (String) m.get("arn"), (String) m.get("name"),
                (String) m.get("stateMachineArn"), (String) m.get("stateMachineName"), (String) m.get("roleArn"), def,
                (String) m.get("input"), Json.parse((String) m.get("input")), Instant.parse((String) m.get("startDate")),
                seed, (String) m.get("testCase"), (String) m.get("parent"));
        run.restoreHistory(history);
        run.eventCounter = ((Number) m.get("eventCounter")).longValue();
        run.persistedEvents = history.size();
        if (m.get("invocations") instanceof Map) {
            Json.asObject(m.get("invocations")).forEach((k, v) -> run.invocationCounts().put(k, ((Number) v).intValue()));
        }
        ExecutionStatus status = ExecutionStatus.valueOf((String) m.get("status"));
        if (status != ExecutionStatus.RUNNING) {
            run.output = m.get("output") == null ? null : Json.parse((String) m.get("output"));
            run.error = (String) m.get("error");
            run.cause = (String) m.get("cause");
            run.stopDate = m.get("stopDate") == null ? null : Instant.parse((String) m.get("stopDate"));
            run.status = status;
            run.completion.complete(run);
            return run;
        }
        if (m.get("root") instanceof Map) {
            run.root = strand(run, Json.asObject(m.get("root")), null, new Variables(null, new LinkedHashMap<>()), def);
        }
        return run;
    }

    private static Strand strand(ExecutionRun run, Map<String, Object> m, Group group, Variables parentScope,
                                 Definition def) {
        StatesContainer c = def.container((String) m.get("container"));
        Map<String, Object> own = new LinkedHashMap<>();
        if (m.get("vars") instanceof Map) {
            own.putAll(Json.asObject(m.get("vars")));
        }
        Variables vars = group == null || group.state.distributed ? new Variables(null, own)
                : new Variables(parentScope, own);
        Map<String, Object> mapItem = m.get("mapItem") instanceof Map ? Json.asObject(m.get("mapItem")) : null;
        Strand s = new Strand(run, c, group, ((Number) m.get("index")).intValue(), vars, mapItem,
                ((Number) m.get("lastEventId")).longValue());
        s.stateName = (String) m.get("state");
        s.state = s.stateName == null ? null : c.state(s.stateName);
        s.input = m.get("input");
        s.enteredTime = m.get("entered") == null ? null : Instant.parse((String) m.get("entered"));
        s.enteredEventId = ((Number) m.get("enteredEventId")).longValue();
        if (m.get("retryCounts") instanceof List) {
            List<Object> rc = Json.asArray(m.get("retryCounts"));
            s.retryCounts = new int[rc.size()];
            for (int i = 0; i < rc.size(); i++) {
                s.retryCounts[i] = ((Number) rc.get(i)).intValue();
            }
        }
        s.retryCount = ((Number) m.get("retryCount")).intValue();
        s.waiting = Strand.Waiting.valueOf((String) m.get("waiting"));
        s.wakeAt = m.get("wakeAt") == null ? null : Instant.parse((String) m.get("wakeAt"));
        s.finished = Boolean.TRUE.equals(m.get("finished"));
        if (m.get("children") instanceof Map) {
            Map<String, Object> gm = Json.asObject(m.get("children"));
            List<Object> inputs = Json.asArray(gm.get("inputs"));
            Number tc = (Number) gm.get("toleratedCount");
            Number tp = (Number) gm.get("toleratedPercentage");
            Group g = new Group(s, s.state, Boolean.TRUE.equals(gm.get("map")), inputs,
                    ((Number) gm.get("maxConcurrency")).intValue(), tc == null ? null : tc.intValue(),
                    tp == null ? null : tp.doubleValue(), gm.get("selectorInput"));
            List<Object> results = Json.asArray(gm.get("results"));
            List<Object> done = Json.asArray(gm.get("done"));
            for (int i = 0; i < results.size(); i++) {
                g.results[i] = Boolean.TRUE.equals(done.get(i)) ? results.get(i) : null;
            }
            g.started = ((Number) gm.get("started")).intValue();
            g.completed = ((Number) gm.get("completed")).intValue();
            g.failures = ((Number) gm.get("failures")).intValue();
            for (Object r : Json.asArray(gm.get("running"))) {
                g.running.add(strand(run, Json.asObject(r), g, vars, def));
            }
            s.children = g;
        }
        return s;
    }
}
