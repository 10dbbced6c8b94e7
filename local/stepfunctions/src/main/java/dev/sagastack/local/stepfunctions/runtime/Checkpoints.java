package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.ExecutionStatus;
import dev.sagastack.local.stepfunctions.HistoryEvent;
import dev.sagastack.local.stepfunctions.asl.MapState;
import dev.sagastack.local.stepfunctions.asl.Definition;
import dev.sagastack.local.stepfunctions.asl.StatesContainer;
import dev.sagastack.local.stepfunctions.expr.Variables;
import dev.sagastack.local.stepfunctions.json.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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
        m.put("versionArn", run.versionArn);
        m.put("aliasArn", run.aliasArn);
        m.put("standard", run.standard);
        m.put("redriveCount", run.redriveCount);
        m.put("redriveDate", run.redriveDate == null ? null : run.redriveDate.toString());
        m.put("redrivePoint", run.redrivePoint);
        if (run.isRunning() && run.root != null) {
            m.put("root", strand(run.root, false));
        }
        m.values().removeIf(v -> v == null);
        return m;
    }

    /**
     * The strands of a closing execution as a redrive restarts them: each unfinished strand waits on
     * nothing (so its state runs again from its input), and of a Parallel/Map group that failed, the
     * failed and aborted branches/iterations run again while the results of the others are kept.
     */
    static Map<String, Object> redrivePoint(Strand root) {
        return strand(root, true);
    }

    /** Rebuilds the strands kept by {@link #redrivePoint} for a redrive of {@code run}. */
    static Strand strands(ExecutionRun run, Map<String, Object> point) {
        return strand(run, point, null, new Variables(null, new LinkedHashMap<>()), run.definition);
    }

    private static Map<String, Object> strand(Strand s, boolean redrive) {
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
        if (s.retryCounts != null && !redrive) {
            List<Object> rc = new ArrayList<>();
            for (int c : s.retryCounts) {
                rc.add(c);
            }
            m.put("retryCounts", rc);
        }
        m.put("retryCount", s.retryCount);
        Group group = s.children != null || !redrive ? s.children : s.failedGroup;
        if (redrive) {
            m.put("waiting", (group != null ? Strand.Waiting.CHILDREN : Strand.Waiting.NONE).name());
            m.put("retryCount", 0);
        } else {
            m.put("waiting", s.waiting.name());
            m.put("wakeAt", s.wakeAt == null ? null : s.wakeAt.toString());
            m.put("finished", s.finished);
        }
        if (group != null) {
            Group g = group;
            List<Strand> again = new ArrayList<>(g.running);
            if (redrive) {
                g.unfinished.stream().filter(c -> !again.contains(c)).forEach(again::add);
            }
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("map", g.map);
            gm.put("inputs", g.inputs);
            boolean[] rerun = new boolean[g.results.length];
            if (redrive) {
                again.forEach(c -> rerun[c.index] = true);
            }
            List<Object> results = new ArrayList<>();
            List<Object> done = new ArrayList<>();
            int completed = 0;
            for (int i = 0; i < g.results.length; i++) {
                Object r = rerun[i] ? null : g.results[i];
                results.add(r == null ? Json.NULL : r);
                done.add(r != null);
                completed += r != null ? 1 : 0;
            }
            gm.put("results", results);
            gm.put("done", done);
            gm.put("started", g.started);
            gm.put("completed", redrive ? completed : g.completed);
            gm.put("failures", redrive ? 0 : g.failures);
            gm.put("maxConcurrency", g.maxConcurrency);
            gm.put("toleratedCount", g.toleratedCount);
            gm.put("toleratedPercentage", g.toleratedPercentage);
            gm.put("selectorInput", g.selectorInput);
            List<Object> running = new ArrayList<>();
            for (Strand c : again) {
                running.add(strand(c, redrive));
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

    /**
     * Rebuilds an execution from its snapshot and history (does not resume it); the history ({@code historySize}
     * events) is read from {@code history} when the execution's history is first read or appended to.
     */
    public static ExecutionRun restore(Interpreter interpreter, Map<String, Object> m, Definition def,
                                       int historySize, Supplier<List<HistoryEvent>> history, long seed) {
        ExecutionRun run = new ExecutionRun(interpreter, (String) m.get("arn"), (String) m.get("name"),
                (String) m.get("stateMachineArn"), (String) m.get("stateMachineName"), (String) m.get("roleArn"), def,
                (String) m.get("input"), Json.parse((String) m.get("input")), Instant.parse((String) m.get("startDate")),
                seed, (String) m.get("testCase"), (String) m.get("parent"));
        run.restoreHistory(historySize, history);
        run.origin((String) m.get("versionArn"), (String) m.get("aliasArn"), !Boolean.FALSE.equals(m.get("standard")));
        if (m.get("redriveCount") instanceof Number n && n.intValue() > 0) {
            run.redriveCount = n.intValue();
            run.redriveDate = Instant.parse((String) m.get("redriveDate"));
            run.contextExecution = run.redriveContext();
        }
        if (m.get("redrivePoint") instanceof Map) {
            run.redrivePoint = Json.asObject(m.get("redrivePoint"));
        }
        run.eventCounter = ((Number) m.get("eventCounter")).longValue();
        run.persistedEvents = historySize;
        if (m.get("invocations") instanceof Map) {
            Json.asObject(m.get("invocations")).forEach((k, v) -> run.invocationCounts().put(k, ((Number) v).intValue()));
        }
        ExecutionStatus status = ExecutionStatus.valueOf((String) m.get("status"));
        if (status != ExecutionStatus.RUNNING) {
            run.close(status, m.get("output") == null ? null : Json.parse((String) m.get("output")),
                    (String) m.get("error"), (String) m.get("cause"),
                    m.get("stopDate") == null ? null : Instant.parse((String) m.get("stopDate")));
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
        Variables vars = group == null || group.state instanceof MapState map && map.distributed() ? new Variables(null, own)
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
