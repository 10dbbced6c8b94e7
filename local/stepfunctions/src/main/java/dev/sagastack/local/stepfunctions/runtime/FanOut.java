package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.asl.MapState;
import dev.sagastack.local.stepfunctions.asl.ParallelState;
import dev.sagastack.local.stepfunctions.asl.Setting;
import dev.sagastack.local.stepfunctions.asl.State;
import dev.sagastack.local.stepfunctions.expr.EvalContext;
import dev.sagastack.local.stepfunctions.expr.EvaluationException;
import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.Paths;
import dev.sagastack.local.stepfunctions.expr.PayloadTemplate;
import dev.sagastack.local.stepfunctions.expr.Variables;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fan-out: the branches of Parallel states and the iterations of Map states (inline and distributed),
 * with MaxConcurrency, tolerated failures, ItemSelector and ItemBatcher, and the Map/Parallel history
 * events. Runs on the owning execution's mailbox like the rest of the interpreter.
 */
final class FanOut {
    private static final int PAYLOAD_LIMIT = Interpreter.PAYLOAD_LIMIT;
    private final Interpreter in;

    FanOut(Interpreter in) {
        this.in = in;
    }

    // the interpreter's steps a fan-out uses
    private EvalContext ctx(Strand s) {
        return in.ctx(s);
    }

    private Object jsonata(JsonataTemplate t, EvalContext ctx) {
        return in.jsonata(t, ctx);
    }

    private boolean enter(Strand s, String name, Object input) {
        return in.enter(s, name, input);
    }

    private void runLoop(Strand s) {
        in.runLoop(s);
    }

    private boolean handleFailure(Strand s, Failure f) {
        return in.handleFailure(s, f);
    }

    private boolean finishWithResult(Strand s, State st, Object result) {
        return in.finishWithResult(s, st, result);
    }

    private void abortStrand(Strand s) {
        in.abortStrand(s);
    }

    private static Object inputPath(State st, Object raw, EvalContext ctx) {
        return DataFlow.inputPath(st, raw, ctx);
    }

    private static Object effectiveInput(Strand s, State st, EvalContext ctx) {
        return DataFlow.effectiveInput(s, st, ctx);
    }

    void abortGroup(Group g) {
        g.closed = true;
        if (g.mapRun != null && g.mapRun.isRunning()) {
            // the execution stopped, timed out or failed elsewhere while the Map Run ran
            g.mapRun.ended("ABORTED", in.scheduler.now());
            in.history.mapRunAborted(g.owner);
        }
        for (Strand c : new ArrayList<>(g.running)) {
            if (!g.unfinished.contains(c)) {
                g.unfinished.add(c);
            }
            abortStrand(c);
            if (g.map) {
                in.history.mapIterationAborted(c, g.state.name());
            }
        }
        g.running.clear();
    }


    boolean parallel(Strand s, ParallelState st) {
        EvalContext ctx = ctx(s);
        Object in;
        if (st.isJsonata()) {
            in = st.arguments() == null ? s.input : jsonata(st.arguments(), ctx);
        } else {
            in = effectiveInput(s, st, ctx);
        }
        this.in.history.parallelStarted(s);
        List<Object> inputs = new ArrayList<>();
        for (int i = 0; i < st.branches().size(); i++) {
            inputs.add(in);
        }
        Group g = new Group(s, st, false, inputs, 0, null, null, in);
        startGroup(s, g);
        return false;
    }

    boolean map(Strand s, MapState st) {
        EvalContext ctx = ctx(s);
        Object items;
        Object eff;
        if (st.isJsonata()) {
            eff = s.input;
            if (st.items() != null) {
                items = jsonata(st.items(), ctx);
                if (!(items instanceof List)) {
                    throw new EvaluationException(Failure.QUERY, ctx.errorPrefix() + "The JSONata expression '"
                            + (st.items().singleExpression() == null ? "" : st.items().singleExpression().source())
                            + "' specified for the field 'Items' returned an unexpected result type. Expected 'array',"
                            + " but was '" + Json.typeName(items) + "' for value: " + Json.write(items), "Items");
                }
            } else {
                items = s.input;
            }
        } else {
            eff = inputPath(st, s.input, ctx);
            ctx.input = eff;
            items = st.itemsPath().isDefault() ? eff : Paths.read(st.itemsPath().path(), ctx);
        }
        if (!(items instanceof List)) {
            throw new EvaluationException(Failure.RUNTIME, ctx.errorPrefix()
                    + "Map state input must be an array but was: " + Json.write(items), null);
        }
        List<Object> list = Json.asArray(items);
        if (st.itemBatcher() != null) {
            list = batches(st, st.itemBatcher(), list, eff, ctx);
        }
        int maxConcurrency = intSetting(st.maxConcurrency(), "MaxConcurrency", eff, ctx, 0);
        Integer tolCount = st.toleratedFailureCount() == null ? null
                : intSetting(st.toleratedFailureCount(), "ToleratedFailureCount", eff, ctx, 0);
        Double tolPct = null;
        if (st.toleratedFailurePercentage() instanceof Setting.Fixed<Double> fixed) {
            tolPct = fixed.value();
        } else if (st.toleratedFailurePercentage() != null) {
            Object v = in.settingValue(st.toleratedFailurePercentage(), eff, ctx);
            if (!(v instanceof Number) || ((Number) v).doubleValue() < 0 || ((Number) v).doubleValue() > 100) {
                throw new EvaluationException(Failure.RUNTIME, ctx.errorPrefix()
                        + "ToleratedFailurePercentage must be between 0 and 100.", null);
            }
            tolPct = ((Number) v).doubleValue();
        }
        Group g = new Group(s, st, true, list, maxConcurrency, tolCount, tolPct, eff);
        if (!st.distributed()) {
            in.history.mapStarted(s, list.size());
        } else {
            // a Distributed Map records only MapRunStarted and its end in the parent's history; the
            // items' events are in their child executions' ("Examining Map Run")
            g.mapRun = this.in.mapRuns.start(s, st, g, itemsPerChild(st, list));
            in.history.mapRunStarted(s, g.mapRun.arn);
        }
        startGroup(s, g);
        return false;
    }

    /** How many items each child execution of a Map Run processes: a batch's items, else one. */
    private static long[] itemsPerChild(MapState st, List<Object> inputs) {
        long[] n = new long[inputs.size()];
        for (int i = 0; i < n.length; i++) {
            n[i] = st.itemBatcher() != null && inputs.get(i) instanceof Map<?, ?> batch
                    && batch.get("Items") instanceof List<?> items ? items.size() : 1;
        }
        return n;
    }

    private List<Object> batches(MapState st, MapState.ItemBatcher batcher, List<Object> items, Object eff,
                                 EvalContext ctx) {
        int max = batcher.maxItemsPerBatch() == null ? Integer.MAX_VALUE : batcher.maxItemsPerBatch();
        int maxBytes = batcher.maxInputBytesPerBatch() == null ? PAYLOAD_LIMIT : batcher.maxInputBytesPerBatch();
        Object batchInput = batcher.batchInput();
        if (batchInput != null && !st.isJsonata()) {
            ctx.input = eff;
            batchInput = PayloadTemplate.compile(batchInput).evaluate(ctx);
        } else if (batchInput != null) {
            batchInput = JsonataTemplate.compile(batchInput, "ItemBatcher/BatchInput").evaluate(ctx, in.clock);
        }
        List<Object> out = new ArrayList<>();
        List<Object> cur = new ArrayList<>();
        int bytes = 0;
        for (Object item : items) {
            int size = Json.write(item).length() + 1;
            if (!cur.isEmpty() && (cur.size() >= max || bytes + size > maxBytes)) {
                out.add(batch(cur, batchInput));
                cur = new ArrayList<>();
                bytes = 0;
            }
            cur.add(item);
            bytes += size;
        }
        if (!cur.isEmpty()) {
            out.add(batch(cur, batchInput));
        }
        return out;
    }

    private static Object batch(List<Object> items, Object batchInput) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (batchInput != null) {
            m.put("BatchInput", batchInput);
        }
        m.put("Items", items);
        return m;
    }

    private int intSetting(Setting<Integer> setting, String field, Object eff, EvalContext ctx, int dflt) {
        if (setting == null) {
            return dflt;
        } else if (setting instanceof Setting.Fixed<Integer> f) {
            return f.value();
        }
        boolean path = setting instanceof Setting.FromPath;
        Object v = in.settingValue(setting, eff, ctx);
        if (!(v instanceof Number) || !Json.isIntegral(Json.normalize((Number) v)) || ((Number) v).longValue() < 0) {
            throw new EvaluationException(path ? Failure.RUNTIME : Failure.QUERY, ctx.errorPrefix() + "The "
                    + field + (path ? "Path" : "") + " field refers to value \"" + Json.write(v)
                    + "\" which is not a valid non-negative integer.", path ? null : field);
        }
        return ((Number) v).intValue();
    }

    private void startGroup(Strand s, Group g) {
        s.children = g;
        s.failedGroup = null;
        s.waitId++;
        s.waiting = Strand.Waiting.CHILDREN;
        if (g.inputs.isEmpty()) {
            groupDone(g);
            return;
        }
        startMore(g);
    }

    void startMore(Group g) {
        while (!g.closed && g.started < g.inputs.size()
                && (g.maxConcurrency <= 0 || g.running.size() < g.maxConcurrency)) {
            int i = g.started++;
            startChild(g, i);
        }
    }

    private void startChild(Group g, int i) {
        Strand owner = g.owner;
        State st = g.state;
        ExecutionRun run = owner.run;
        if (g.mapRun != null) {
            in.mapRuns.childStarted(g.mapRun, i);
        }
        long prev = in.history.branchStarted(g, i);
        MapState map = st instanceof MapState m ? m : null;
        Variables vars = new Variables(map != null && map.distributed() ? null : owner.vars);
        Map<String, Object> item = g.map ? Json.obj("Index", i, "Value", g.inputs.get(i)) : null;
        Strand child = new Strand(run, map != null ? map.itemProcessor() : ((ParallelState) st).branches().get(i), g, i,
                vars, item, prev);
        child.log = g.mapRun != null ? g.mapRun.childLog(i) : owner.log;
        g.running.add(child);
        run.post(() -> {
            if (g.closed || child.aborted || !run.isRunning()) {
                return;
            }
            Object input;
            try {
                input = map != null ? iterationInput(owner, map, g, i) : g.inputs.get(i);
            } catch (EvaluationException e) {
                child.finished = true;
                if (g.mapRun != null) {
                    g.mapRun.childFailed(i, e.error(), e.cause(), in.scheduler.now());
                    in.history.childStarted(child, g.inputs.get(i));
                    in.history.childFailed(child, Failure.of(e));
                }
                groupFailed(g, child, Failure.of(e));
                return;
            }
            if (g.mapRun != null) {
                g.mapRun.childInput(i, input);
                in.history.childStarted(child, input);
            }
            if (enter(child, child.container.startAt(), input)) {
                runLoop(child);
            }
        });
    }

    Object iterationInput(Strand owner, MapState st, Group g, int i) {
        Object value = g.inputs.get(i);
        if (st.itemSelectorPath() == null && st.itemSelectorJsonata() == null) {
            return value;
        }
        EvalContext ctx = ctx(owner);
        ctx.context().put("Map", Json.obj("Item", Json.obj("Index", i, "Value", value)));
        if (st.itemSelectorJsonata() != null) {
            return jsonata(st.itemSelectorJsonata(), ctx);
        }
        ctx.input = g.selectorInput;
        return st.itemSelectorPath().evaluate(ctx);
    }

    void childSucceeded(Group g, Strand child, Object output) {
        if (g.closed) {
            return;
        }
        g.running.remove(child);
        g.completed++;
        g.results[child.index] = output;
        if (g.mapRun != null) {
            g.mapRun.childSucceeded(child.index, output, in.scheduler.now());
            in.history.childSucceeded(child, output);
        } else {
            in.history.branchEnded(g, child, true);
        }
        startMore(g);
        if (g.completed == g.inputs.size()) {
            groupDone(g);
        }
    }

    void childFailed(Group g, Strand child, Failure f) {
        if (g.closed) {
            return;
        }
        g.running.remove(child);
        g.unfinished.add(child);
        if (g.mapRun != null) {
            g.mapRun.childFailed(child.index, f.error(), f.cause(), in.scheduler.now());
            in.history.childFailed(child, f);
        } else {
            in.history.branchEnded(g, child, false);
        }
        if (g.map) {
            g.failures++;
            if (g.toleratesFailures() && !g.thresholdExceeded()) {
                g.results[child.index] = f.errorOutput();
                g.completed++;
                startMore(g);
                if (g.completed == g.inputs.size()) {
                    groupDone(g);
                }
                return;
            }
            if (g.toleratesFailures()) {
                f = Failure.of("States.ExceedToleratedFailureThreshold",
                        "The specified tolerated failure threshold was exceeded");
            }
        }
        groupFailed(g, child, f);
    }

    private void groupFailed(Group g, Strand child, Failure f) {
        Strand owner = g.owner;
        g.running.remove(child);
        if (!g.unfinished.contains(child)) {
            g.unfinished.add(child);
        }
        MapRun mapRun = g.mapRun;
        if (mapRun != null) {
            mapRun.ended("FAILED", in.scheduler.now());
        }
        abortGroup(g);
        owner.children = null;
        owner.failedGroup = g;
        owner.waiting = Strand.Waiting.NONE;
        if (mapRun != null) {
            in.history.mapRunFailed(owner, f);
        } else {
            in.history.groupFailed(owner, g.map);
        }
        if (handleFailure(owner, f)) {
            owner.run.post(() -> runLoop(owner));
        }
    }

    void groupDone(Group g) {
        g.closed = true;
        Strand owner = g.owner;
        owner.children = null;
        owner.waiting = Strand.Waiting.NONE;
        owner.waitId++;
        if (g.mapRun != null) {
            g.mapRun.ended("SUCCEEDED", in.scheduler.now());
            in.history.mapRunSucceeded(owner);
        } else {
            in.history.groupSucceeded(owner, g.map);
        }
        List<Object> results = new ArrayList<>(Arrays.asList(g.results));
        owner.run.post(() -> {
            if (owner.aborted || !owner.run.isRunning()) {
                return;
            }
            boolean moved;
            try {
                moved = finishWithResult(owner, g.state, results);
            } catch (EvaluationException e) {
                moved = handleFailure(owner, Failure.of(e));
            }
            if (moved) {
                runLoop(owner);
            }
        });
    }
}
