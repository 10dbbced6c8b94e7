package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.ExecutionStatus;
import dev.sagastack.local.stepfunctions.asl.ChoiceState;
import dev.sagastack.local.stepfunctions.asl.Definition;
import dev.sagastack.local.stepfunctions.asl.FailState;
import dev.sagastack.local.stepfunctions.asl.MapState;
import dev.sagastack.local.stepfunctions.asl.ParallelState;
import dev.sagastack.local.stepfunctions.asl.PassState;
import dev.sagastack.local.stepfunctions.asl.Setting;
import dev.sagastack.local.stepfunctions.asl.State;
import dev.sagastack.local.stepfunctions.asl.StateType;
import dev.sagastack.local.stepfunctions.asl.SucceedState;
import dev.sagastack.local.stepfunctions.asl.TaskState;
import dev.sagastack.local.stepfunctions.asl.WaitState;
import dev.sagastack.local.stepfunctions.expr.EvalContext;
import dev.sagastack.local.stepfunctions.expr.EvaluationException;
import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.Paths;
import dev.sagastack.local.stepfunctions.expr.Variables;
import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.task.TaskExecutor;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static dev.sagastack.local.stepfunctions.runtime.DataFlow.assignPath;
import static dev.sagastack.local.stepfunctions.runtime.DataFlow.outputPath;
import static dev.sagastack.local.stepfunctions.runtime.DataFlow.resultPath;

/**
 * Runs executions: the Amazon States Language semantics of every state type, input/output
 * processing in both query languages, Retry/Catch, timeouts, task tokens, and the history events
 * GetExecutionHistory reports. Stateless itself; everything an execution owns lives in its
 * {@link ExecutionRun} and is only touched on that run's mailbox.
 */
public final class Interpreter {
    public static final int PAYLOAD_LIMIT = 262_144;
    /** Step Functions quota: 25,000 events in an execution's history. */
    public static final int MAX_HISTORY_EVENTS = 25_000;
    /** Step Functions quota: an execution can be redriven at most 1,000 times. */
    public static final int MAX_REDRIVES = 1_000;
    /** Express workflows: five minutes at most. */
    public static final int EXPRESS_MAX_SECONDS = 300;
    private static final int STEPS_PER_TURN = 1_000;
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    final Scheduler scheduler;
    private final boolean durable;
    private final TaskExecutor tasks;
    private final String region;
    private final Consumer<ExecutionRun> checkpointer;
    private final Consumer<ExecutionRun> onFinished;
    final Supplier<Instant> clock;
    /** Writes every history event of the executions this interpreter runs. */
    final HistoryRecorder history;
    private final FanOut fanOut;
    /** The Map Runs of Distributed Map states and their child executions. */
    final MapRuns mapRuns;
    private final TaskSteps taskSteps;
    private final SimpleStates simpleStates;
    private final RetryAndCatch retryAndCatch;

    /** Where activity tasks go: the engine's activity queues. */
    public interface ActivityQueue {
        /** Queues a task; {@code started} is called with (token, workerName) when a worker takes it. False: no such activity. */
        boolean schedule(String activityArn, String taskToken, String inputJson,
                         BiConsumer<String, String> started);

        void withdraw(String activityArn, String taskToken);
    }

    public void activityQueue(ActivityQueue queue) {
        taskSteps.activityQueue(queue);
    }

    public Interpreter(Scheduler scheduler, TaskExecutor tasks, String region, Consumer<ExecutionRun> checkpointer,
                       Consumer<ExecutionRun> onFinished, boolean durable) {
        this.durable = durable;
        this.scheduler = scheduler;
        this.tasks = tasks;
        this.region = region;
        this.checkpointer = checkpointer;
        this.onFinished = onFinished;
        this.clock = scheduler::now;
        this.history = new HistoryRecorder(scheduler, region);
        this.fanOut = new FanOut(this);
        this.mapRuns = new MapRuns(scheduler, history, fanOut);
        this.taskSteps = new TaskSteps(this, tasks, region);
        this.simpleStates = new SimpleStates(this);
        this.retryAndCatch = new RetryAndCatch(this);
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** The Map Runs (DescribeMapRun, ListMapRuns, UpdateMapRun, their child executions). */
    public MapRuns mapRuns() {
        return mapRuns;
    }

    /** yyyy-MM-dd'T'HH:mm:ss.SSS'Z' (the context object's timestamp format), without DateTimeFormatter's cost. */
    static String isoMillis(Instant t) {
        long secs = t.getEpochSecond();
        if (secs < 0 || secs > 253_402_300_799L) {
            return ISO_MILLIS.format(t);
        }
        LocalDateTime d = LocalDateTime.ofEpochSecond(secs, t.getNano(), ZoneOffset.UTC);
        char[] c = "0000-00-00T00:00:00.000Z".toCharArray();
        put(c, 0, d.getYear(), 4);
        put(c, 5, d.getMonthValue(), 2);
        put(c, 8, d.getDayOfMonth(), 2);
        put(c, 11, d.getHour(), 2);
        put(c, 14, d.getMinute(), 2);
        put(c, 17, d.getSecond(), 2);
        put(c, 20, t.getNano() / 1_000_000, 3);
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    // ------------------------------------------------------------------ lifecycle

    public ExecutionRun newRun(String arn, String name, String smArn, String smName, String roleArn,
                               Definition def, String inputText, Object input,
                               long seed, String testCase, String parentExecutionArn) {
        return new ExecutionRun(this, arn, name, smArn, smName, roleArn, def, inputText, input, scheduler.now(), seed,
                testCase, parentExecutionArn);
    }

    /** Starts a new execution (asynchronously, on its mailbox). */
    public void start(ExecutionRun run) {
        run.post(() -> begin(run));
    }

    private void begin(ExecutionRun run) {
        history.executionStarted(run);
        scheduleExecutionTimeout(run);
        Strand root = new Strand(run, run.definition.root(), null, 0, new Variables(null), null, 0);
        run.root = root;
        if (enter(root, run.definition.root().startAt(), run.input)) {
            runLoop(root);
        }
    }

    /** Where a later RedriveExecution restarts: the strands as they are now, before they are aborted. */
    private static void keepRedrivePoint(ExecutionRun run) {
        if (run.standard && run.root != null) {
            run.redrivePoint = Checkpoints.redrivePoint(run.root);
        }
    }

    void scheduleExecutionTimeout(ExecutionRun run) {
        Integer t = run.definition.timeoutSeconds();
        if (!run.standard) {
            // Express workflows run for at most five minutes ("Standard and Express workflow types")
            t = t == null ? EXPRESS_MAX_SECONDS : Math.min(t, EXPRESS_MAX_SECONDS);
        }
        if (t != null) {
            // a redriven execution gets the machine's TimeoutSeconds again, counted from the redrive
            Instant from = run.redriveDate != null ? run.redriveDate : run.startDate;
            run.executionTimeout = scheduler.schedule(from.plusSeconds(t), true,
                    () -> run.post(() -> timeOutExecution(run)));
        }
    }

    /** StopExecution: aborts every strand and records ExecutionAborted. */
    public void stop(ExecutionRun run, String error, String cause) {
        run.post(() -> {
            if (!run.isRunning()) {
                return;
            }
            keepRedrivePoint(run);
            abortStrand(run.root);
            history.executionAborted(run, error, cause);
            finish(run, ExecutionStatus.ABORTED, null, error, cause);
        });
    }

    private void timeOutExecution(ExecutionRun run) {
        if (!run.isRunning()) {
            return;
        }
        keepRedrivePoint(run);
        abortStrand(run.root);
        history.executionTimedOut(run);
        finish(run, ExecutionStatus.TIMED_OUT, null, "States.Timeout", null);
    }

    private void finish(ExecutionRun run, ExecutionStatus status, Object output, String error, String cause) {
        run.close(status, output, error, cause, scheduler.now());
        if (run.executionTimeout != null) {
            run.executionTimeout.cancel();
        }
        run.dirty = true;
        onFinished.accept(run);
        if (durable) {
            // callers waiting for the end (awaitExecution, .sync parents) learn of it once it is in the store: an
            // engine closed right after cannot lose an end it has reported
            run.completeWhenPersisted = true;
        } else {
            run.completion.complete(run);
        }
    }

    void afterDrain(ExecutionRun run, boolean idle) {
        if (durable && !idle) {
            return; // checkpoint (and then call out) only once every queued step has run
        }
        try {
            if (run.dirty) {
                run.dirty = false;
                checkpointer.accept(run);
            }
        } finally {
            if (run.completeWhenPersisted) {
                run.completeWhenPersisted = false;
                run.completion.complete(run);
            }
        }
        if (!run.deferred.isEmpty()) {
            List<Runnable> calls = new ArrayList<>(run.deferred);
            run.deferred.clear();
            for (int i = 0; i < calls.size(); i++) {
                Runnable call = calls.get(i);
                if (i == 0 && Trampoline.active()) {
                    Trampoline.run(call); // a task thread makes its execution's next call itself
                } else {
                    scheduler.executeBlocking(() -> Trampoline.run(call));
                }
            }
        }
    }

    void internalError(ExecutionRun run, RuntimeException e) {
        if (run.isRunning()) {
            keepRedrivePoint(run);
            abortStrand(run.root);
            history.executionFailed(run, run.eventCounter, "States.Runtime", "Internal engine error: " + e);
            finish(run, ExecutionStatus.FAILED, null, "States.Runtime", "Internal engine error: " + e);
        }
    }

    // ------------------------------------------------------------------ the state loop

    /** Enters a state; returns false when the execution ended instead (input over the payload limit). */
    boolean enter(Strand s, String name, Object input) {
        s.stateName = name;
        s.state = s.container.state(name);
        s.input = input;
        s.enteredTime = scheduler.now();
        s.retryCounts = null;
        s.retryCount = 0;
        s.waitId++;
        s.waiting = Strand.Waiting.NONE;
        s.taskToken = null;
        s.failedGroup = null;
        s.enteredEventId = history.stateEntered(s, name, input);
        if (Json.exceeds(input, PAYLOAD_LIMIT)) {
            failExecution(s, Failure.terminal("States.DataLimitExceeded", dataLimitCause(name)));
            return false;
        }
        return true;
    }

    static String dataLimitCause(String what) {
        return "The state/task '" + what + "' returned a result with a size exceeding the maximum number of bytes"
                + " service limit.";
    }

    void runLoop(Strand s) {
        int steps = 0;
        while (s.run.isRunning() && !s.finished && !s.aborted) {
            if (s.run.eventCounter > MAX_HISTORY_EVENTS) {
                failExecution(s, Failure.terminal(Failure.RUNTIME, "The execution reached the maximum number of "
                        + "history events (" + MAX_HISTORY_EVENTS + ")."));
                return;
            }
            if (++steps > STEPS_PER_TURN) {
                s.run.post(() -> runLoop(s)); // let other executions on this thread have a turn
                return;
            }
            boolean moved;
            try {
                moved = step(s);
            } catch (EvaluationException e) {
                moved = handleFailure(s, Failure.of(e));
            }
            if (!moved) {
                return;
            }
        }
    }

    /** Runs the strand's current state; true when it moved on to a next state that must run now. */
    private boolean step(Strand s) {
        State st = s.state;
        if (st instanceof TaskState task) {
            return taskSteps.task(s, task);
        } else if (st instanceof PassState pass) {
            return simpleStates.pass(s, pass);
        } else if (st instanceof ChoiceState choice) {
            return simpleStates.choice(s, choice);
        } else if (st instanceof WaitState wait) {
            return simpleStates.waitState(s, wait);
        } else if (st instanceof SucceedState succeed) {
            return simpleStates.succeed(s, succeed);
        } else if (st instanceof FailState fail) {
            return simpleStates.fail(s, fail);
        } else if (st instanceof ParallelState parallel) {
            return fanOut.parallel(s, parallel);
        }
        return fanOut.map(s, (MapState) st);
    }

    /** Records the Exited event, applies assignments, and moves to {@code next} (or ends the strand). */
    boolean exit(Strand s, Object output, Map<String, Object> assigned, String next) {
        if (Json.exceeds(output, PAYLOAD_LIMIT)) {
            failExecution(s, Failure.terminal("States.DataLimitExceeded", dataLimitCause(s.stateName)));
            return false;
        }
        history.stateExited(s, output, assigned);
        if (assigned != null) {
            s.vars.putAll(assigned);
        }
        if (next == null) {
            completeStrand(s, output);
            return false;
        }
        return enter(s, next, output);
    }

    boolean exit(Strand s, Object output, Map<String, Object> assigned) {
        return exit(s, output, assigned, s.state.end() ? null : s.state.next());
    }

    // ------------------------------------------------------------------ contexts and I/O processing

    EvalContext ctx(Strand s) {
        String token = s.taskToken;
        int retryCount = s.retryCount;
        return new EvalContext(s.stateName, s.enteredEventId, s.input, () -> {
            Map<String, Object> c = new LinkedHashMap<>(8);
            c.put("Execution", s.run.contextExecution);
            c.put("StateMachine", s.run.contextStateMachine);
            // RetryCount only where Retry applies, as AWS shows it
            StateType t = s.state == null ? null : s.state.type();
            boolean retries = t == StateType.Task || t == StateType.Parallel || t == StateType.Map;
            c.put("State", Json.obj("Name", s.stateName, "EnteredTime", isoMillis(s.enteredTime),
                    "RetryCount", retries ? retryCount : null));
            if (token != null) {
                c.put("Task", Json.obj("Token", token));
            }
            return c;
        }, s.vars, s.run.random);
    }

    Map<String, Object> assignJsonata(JsonataTemplate t, EvalContext ctx) {
        return t == null ? null : Json.asObject(t.evaluate(ctx, clock));
    }

    Object jsonata(JsonataTemplate t, EvalContext ctx) {
        return t.evaluate(ctx, clock);
    }

    /** The value of an integer setting given as a path (read from the effective input) or an expression. */
    Object settingValue(Setting<?> setting, Object eff, EvalContext ctx) {
        if (setting instanceof Setting.FromPath<?> p) {
            ctx.input = eff;
            return Paths.read(p.path(), ctx);
        }
        return jsonata(((Setting.FromExpression<?>) setting).expression(), ctx);
    }


    // ------------------------------------------------------------------ task results

    /** ResultSelector, ResultPath, OutputPath (JSONPath) or Output (JSONata), Assign, then Exited. */
    boolean finishWithResult(Strand s, State st, Object result) {
        EvalContext ctx = ctx(s);
        if (st.isJsonata()) {
            ctx.result = result;
            Object out = st.output() == null ? result : jsonata(st.output(), ctx);
            return exit(s, out, assignJsonata(st.assignJsonata(), ctx));
        }
        Object r = result;
        if (st.resultSelector() != null) {
            ctx.input = r;
            r = st.resultSelector().evaluate(ctx);
        }
        Map<String, Object> assigned = assignPath(st.assignPath(), r, ctx);
        Object out = outputPath(st, resultPath(st.resultPath(), s.input, r, ctx), ctx);
        return exit(s, out, assigned);
    }

    // ------------------------------------------------------------------ errors: Retry and Catch

    /** Applies Retry, then Catch; returns true when a catcher moved the strand to its Next state. */
    boolean handleFailure(Strand s, Failure f) {
        return retryAndCatch.handleFailure(s, f);
    }

    // ------------------------------------------------------------------ strand and execution ends

    private void completeStrand(Strand s, Object output) {
        s.finished = true;
        s.cancelTimers();
        if (s.group == null) {
            history.executionSucceeded(s, output);
            finish(s.run, ExecutionStatus.SUCCEEDED, output, null, null);
        } else {
            fanOut.childSucceeded(s.group, s, output);
        }
    }

    void failStrand(Strand s, Failure f) {
        s.finished = true;
        s.cancelTimers();
        if (s.group == null || f.terminal()) {
            failExecution(s, f);
        } else {
            fanOut.childFailed(s.group, s, f);
        }
    }

    void failExecution(Strand s, Failure f) {
        ExecutionRun run = s.run;
        if (!run.isRunning()) {
            return;
        }
        long prev = s.lastEventId;
        s.finished = true;
        keepRedrivePoint(run);
        abortStrand(run.root);
        history.executionFailed(run, prev, f.error(), f.cause());
        finish(run, ExecutionStatus.FAILED, null, f.error(), f.cause());
    }

    void abortStrand(Strand s) {
        if (s == null || s.aborted) {
            return;
        }
        boolean wasActive = !s.finished;
        s.aborted = true;
        s.waitId++;
        s.cancelTimers();
        if (s.taskToken != null) {
            taskSteps.forget(s);
        }
        if (s.children != null) {
            fanOut.abortGroup(s.children);
        }
        if (wasActive && s.state != null && s.waiting != Strand.Waiting.NONE) {
            history.stateAborted(s);
        }
        s.waiting = Strand.Waiting.NONE;
    }

    /**
     * RedriveExecution: reopens a closed execution and continues it from where it stopped, with the
     * same definition (RedriveExecution API reference). States that succeeded are not run again; the
     * unsuccessful state is entered again with the input it had; of a Parallel or inline Map state,
     * only the branches and iterations that failed or were aborted run again.
     */
    public void redrive(ExecutionRun run, Instant date) {
        Map<String, Object> point = run.redrivePoint;
        run.reopen(date);
        run.post(() -> {
            long id = history.executionRedriven(run);
            run.redrivePoint = null;
            run.root = Checkpoints.strands(run, point);
            run.root.lastEventId = id;
            scheduleExecutionTimeout(run);
            redriveStrand(run.root);
        });
    }

    private void redriveStrand(Strand s) {
        if (s.stateName == null) {
            resumeStrand(s); // an iteration that never started its first state
            return;
        }
        if (s.waiting == Strand.Waiting.CHILDREN) {
            Group g = s.children;
            if (g.state instanceof MapState map && map.distributed()) {
                mapRuns.redriven(s, g);
            }
            for (Strand c : new ArrayList<>(g.running)) {
                if (g.mapRun != null) {
                    redriveChild(g, c);
                } else {
                    c.log = s.log;
                }
                redriveStrand(c);
            }
            fanOut.startMore(g);
            if (g.completed == g.inputs.size() && !g.closed) {
                fanOut.groupDone(g);
            }
            return;
        }
        if (enter(s, s.stateName, s.input)) {
            runLoop(s);
        }
    }

    /**
     * A redrive of a Map Run restarts an unsuccessful child under its own ARN, its history going on
     * with ExecutionRedriven as a redriven execution's does, or starts a child for an item that had none.
     */
    private void redriveChild(Group g, Strand c) {
        mapRuns.childRedriven(g, c);
        c.log = g.mapRun.childLog(c.index);
        if (!c.log.isEmpty()) {
            history.childRedriven(c, g.mapRun.childRedriveCount(c.index));
        } else if (c.stateName == null) {
            Object input;
            try {
                input = fanOut.iterationInput(g.owner, (MapState) g.state, g, c.index);
            } catch (EvaluationException e) {
                input = g.inputs.get(c.index); // the failure itself is met when the iteration starts
            }
            g.mapRun.childInput(c.index, input);
            history.childStarted(c, input);
        }
    }

    /** Outcome of a SendTask* call: null when accepted, else the API error code. */
    public String sendTaskSuccess(String token, Object output) {
        return taskSteps.sendTaskSuccess(token, output);
    }

    public String sendTaskFailure(String token, String error, String cause) {
        return taskSteps.sendTaskFailure(token, error, cause);
    }

    public String sendTaskHeartbeat(String token) {
        return taskSteps.sendTaskHeartbeat(token);
    }

    /** Continues an execution restored from a checkpoint. */
    public void resume(ExecutionRun run) {
        run.post(() -> {
            if (!run.isRunning()) {
                return;
            }
            if (run.root == null) {
                begin(run); // registered but not started before the restart
                return;
            }
            scheduleExecutionTimeout(run);
            resumeStrand(run.root);
        });
    }

    private void resumeStrand(Strand s) {
        if (s.finished || s.aborted) {
            return;
        }
        if (s.stateName == null) {
            if (enter(s, s.container.startAt(), s.group.map ? fanOut.iterationInput(s.group.owner, (MapState) s.group.state, s.group, s.index)
                    : s.group.inputs.get(s.index))) {
                runLoop(s);
            }
            return;
        }
        switch (s.waiting) {
            case WAIT_STATE:
                simpleStates.scheduleWake(s, (WaitState) s.state, s.wakeAt);
                return;
            case RETRY:
                retryAndCatch.scheduleRetryAt(s, s.wakeAt);
                return;
            case CHILDREN: {
                Group g = s.children;
                for (Strand c : new ArrayList<>(g.running)) {
                    resumeStrand(c);
                }
                fanOut.startMore(g);
                if (g.completed == g.inputs.size() && !g.closed) {
                    fanOut.groupDone(g);
                }
                return;
            }
            default:
                // a task that was in flight (or waiting for its token) is started again
                s.waiting = Strand.Waiting.NONE;
                runLoop(s);
        }
    }
}
