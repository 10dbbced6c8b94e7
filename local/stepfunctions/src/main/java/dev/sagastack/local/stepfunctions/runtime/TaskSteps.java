package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.asl.Setting;
import dev.sagastack.local.stepfunctions.asl.State;
import dev.sagastack.local.stepfunctions.asl.TaskState;
import dev.sagastack.local.stepfunctions.asl.TaskResource;
import dev.sagastack.local.stepfunctions.expr.EvalContext;
import dev.sagastack.local.stepfunctions.expr.EvaluationException;
import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.task.TaskExecutor;
import dev.sagastack.local.stepfunctions.task.TaskOutcome;
import dev.sagastack.local.stepfunctions.task.TaskRequest;

import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * Task states: the call to the integration (or the activity queue), TimeoutSeconds and
 * HeartbeatSeconds, task tokens and the SendTask* answers, and the task lifecycle's history events
 * (Task*, LambdaFunction*, Activity*). Runs on the owning execution's mailbox like the rest of the
 * interpreter; SendTask* calls come from other threads and are posted there.
 */
final class TaskSteps {
    private static final int PAYLOAD_LIMIT = Interpreter.PAYLOAD_LIMIT;

    private final Interpreter in;
    private final Scheduler scheduler;
    private final TaskExecutor tasks;
    private final String region;
    private final TaskTokens tokens = new TaskTokens();
    private volatile Interpreter.ActivityQueue activityQueue = new Interpreter.ActivityQueue() {
        @Override
        public boolean schedule(String activityArn, String taskToken, String inputJson,
                                BiConsumer<String, String> started) {
            return false;
        }

        @Override
        public void withdraw(String activityArn, String taskToken) {
        }
    };

    TaskSteps(Interpreter in, TaskExecutor tasks, String region) {
        this.in = in;
        this.scheduler = in.scheduler;
        this.tasks = tasks;
        this.region = region;
    }

    void activityQueue(Interpreter.ActivityQueue queue) {
        this.activityQueue = queue;
    }

    /** An aborted strand's token no longer answers, and its activity task is no longer handed out. */
    void forget(Strand s) {
        tokens.forget(s.taskToken);
        withdrawActivity(s);
    }

    // the interpreter's steps a task uses
    private EvalContext ctx(Strand s) {
        return in.ctx(s);
    }

    private Object jsonata(JsonataTemplate t, EvalContext ctx) {
        return in.jsonata(t, ctx);
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

    private void failExecution(Strand s, Failure f) {
        in.failExecution(s, f);
    }

    private static Object effectiveInput(Strand s, State st, EvalContext ctx) {
        return DataFlow.effectiveInput(s, st, ctx);
    }

    private static String dataLimitCause(String what) {
        return Interpreter.dataLimitCause(what);
    }

    boolean task(Strand s, TaskState st) {
        TaskResource res = st.taskResource();
        boolean tokenWait = res.pattern() == TaskResource.IntegrationPattern.WAIT_FOR_TASK_TOKEN;
        s.taskToken = tokenWait ? TaskTokens.newToken() : null;
        EvalContext ctx = ctx(s);
        Object params;
        Object eff;
        if (st.isJsonata()) {
            eff = s.input;
            params = st.arguments() == null ? s.input : jsonata(st.arguments(), ctx);
        } else {
            eff = effectiveInput(s, st, ctx);
            params = eff;
        }
        if (Json.exceeds(params, PAYLOAD_LIMIT)) {
            throw new EvaluationException("States.DataLimitExceeded", dataLimitCause(s.stateName), null);
        }
        Integer timeout = seconds(st.timeoutSeconds(), "TimeoutSeconds",
                eff, ctx);
        Integer heartbeat = seconds(st.heartbeatSeconds(),
                "HeartbeatSeconds", eff, ctx);
        long wid = ++s.waitId;
        s.waiting = Strand.Waiting.TASK;
        s.taskParameters = params;
        s.heartbeatSeconds = heartbeat;
        in.history.taskScheduled(s, st, params, timeout, heartbeat);
        if (timeout != null) {
            s.timeoutTimer = scheduler.schedule(scheduler.now().plusSeconds(timeout), tokenWait,
                    () -> s.run.post(() -> onTaskTimeout(s, wid, false)));
        }
        if (heartbeat != null && tokenWait) {
            long gen = ++s.heartbeatGeneration;
            s.heartbeatTimer = scheduler.schedule(scheduler.now().plusSeconds(heartbeat), true,
                    () -> s.run.post(() -> onHeartbeatTimeout(s, wid, gen)));
        }
        if (tokenWait) {
            tokens.open(s.taskToken, s, wid);
        }
        if (res.kind() == TaskResource.Kind.ACTIVITY) {
            scheduleActivity(s, st, params, wid);
            return false;
        }
        int mockAttempt = s.run.nextInvocationIndex(s.stateName);
        TaskRequest req = new TaskRequest(s.run.arn, s.run.stateMachineName, s.run.testCase, s.stateName,
                st.resource(), res, params, s.taskToken, s.retryCount, mockAttempt, timeout, s.run.roleArn);
        Runnable call = () -> {
            TaskOutcome o;
            try {
                o = tasks.execute(req);
            } catch (RuntimeException | Error e) {
                o = TaskOutcome.failure("States.TaskFailed", String.valueOf(e));
            }
            TaskOutcome outcome = o;
            s.run.postFromTask(() -> onTaskOutcome(s, wid, outcome));
        };
        s.run.deferred.add(call);
        return false;
    }

    /** Puts an activity task on its queue once the checkpoint is written; a worker's answer arrives by token. */
    private void scheduleActivity(Strand s, TaskState st, Object params, long wid) {
        s.waiting = Strand.Waiting.TOKEN;
        String token = s.taskToken;
        String input = Json.write(params);
        s.run.deferred.add(() -> {
            boolean queued = activityQueue.schedule(st.resource(), token, input, (t, worker) -> s.run.post(() -> {
                if (s.waitId == wid && !s.aborted && s.run.isRunning()) {
                    in.history.activityStarted(s, worker);
                }
            }));
            if (!queued) {
                s.run.postFromTask(() -> {
                    if (s.waitId != wid || s.aborted || !s.run.isRunning()) {
                        return;
                    }
                    closeTask(s, "failed");
                    String cause = "Activity Does Not Exist: '" + st.resource() + "'";
                    in.history.activityScheduleFailed(s, "States.Runtime", cause);
                    failExecution(s, Failure.terminal("States.Runtime", cause));
                });
            }
        });
    }

    private Integer seconds(Setting<Integer> setting, String field, Object eff, EvalContext ctx) {
        if (setting == null) {
            return null;
        } else if (setting instanceof Setting.Fixed<Integer> f) {
            return f.value();
        }
        boolean path = setting instanceof Setting.FromPath;
        Object v = in.settingValue(setting, eff, ctx);
        if (!(v instanceof Number) || !Json.isIntegral(Json.normalize((Number) v)) || ((Number) v).longValue() <= 0) {
            String err = path ? Failure.RUNTIME : Failure.QUERY;
            throw new EvaluationException(err, ctx.errorPrefix() + "The value of the field '" + field
                    + "' must be a positive integer, but was: " + Json.write(v), field);
        }
        return ((Number) v).intValue();
    }

    private void onTaskOutcome(Strand s, long wid, TaskOutcome o) {
        if (s.waitId != wid || s.finished || s.aborted || !s.run.isRunning()) {
            return;
        }
        if (!o.delay().isZero() && !o.delay().isNegative()) {
            s.waiting = Strand.Waiting.RESULT_DELAY;
            TaskOutcome now = o.after(Duration.ZERO);
            s.timer = scheduler.schedule(scheduler.now().plus(o.delay()), false,
                    () -> s.run.post(() -> onTaskOutcome(s, wid, now)));
            return;
        }
        TaskState st = (TaskState) s.state;
        boolean tokenWait = st.taskResource().pattern() == TaskResource.IntegrationPattern.WAIT_FOR_TASK_TOKEN;
        if (!o.isSuccess()) {
            closeTask(s, "failed");
            in.history.taskFailed(s, st, o.error(), o.cause());
            if (handleFailure(s, Failure.of(o.error(), o.cause()))) {
                runLoop(s);
            }
            return;
        }
        if (o.completion() != null) {
            in.history.taskSubmitted(s, st, o.result());
            o.completion().whenComplete((done, e) -> s.run.post(() -> onTaskOutcome(s, wid, e != null
                    ? TaskOutcome.failure("States.TaskFailed", String.valueOf(e)) : done)));
            return;
        }
        if (tokenWait) {
            in.history.taskSubmitted(s, st, o.result());
            s.waiting = Strand.Waiting.TOKEN;
            if (s.earlyTokenAnswer != null) {
                Runnable answer = s.earlyTokenAnswer;
                s.earlyTokenAnswer = null;
                answer.run();
            }
            return;
        }
        completeTask(s, wid, o.result());
    }

    private void completeTask(Strand s, long wid, Object result) {
        TaskState st = (TaskState) s.state;
        closeTask(s, "succeeded");
        if (Json.exceeds(result, PAYLOAD_LIMIT)) {
            String who = st.taskResource().kind() == TaskResource.Kind.LAMBDA_FUNCTION ? st.resource()
                    : st.taskResource().resourceType();
            Failure f = Failure.of("States.DataLimitExceeded", dataLimitCause(who));
            in.history.taskFailed(s, st, f.error(), f.cause());
            if (handleFailure(s, f)) {
                runLoop(s);
            }
            return;
        }
        in.history.taskSucceeded(s, st, result);
        boolean moved;
        try {
            moved = finishWithResult(s, st, result);
        } catch (EvaluationException e) {
            moved = handleFailure(s, Failure.of(e));
        }
        if (moved) {
            runLoop(s);
        }
    }

    private void closeTask(Strand s, String how) {
        s.earlyTokenAnswer = null;
        s.cancelTimers();
        s.waitId++;
        s.waiting = Strand.Waiting.NONE;
        if (s.taskToken != null) {
            tokens.close(s.taskToken, how);
            withdrawActivity(s);
        }
    }

    private void onHeartbeatTimeout(Strand s, long wid, long generation) {
        if (s.heartbeatGeneration == generation) {
            onTaskTimeout(s, wid, true);
        }
    }

    private void onTaskTimeout(Strand s, long wid, boolean heartbeat) {
        if (s.waitId != wid || s.finished || s.aborted || !s.run.isRunning()) {
            return;
        }
        TaskState st = (TaskState) s.state;
        closeTask(s, "timedOut");
        in.history.taskTimedOut(s, st);
        s.heartbeatTimeout = heartbeat;
        boolean moved = handleFailure(s, Failure.of("States.Timeout", null));
        s.heartbeatTimeout = false;
        if (moved) {
            runLoop(s);
        }
    }

    private void withdrawActivity(Strand s) {
        if (s.state instanceof TaskState task && task.taskResource() != null
                && task.taskResource().kind() == TaskResource.Kind.ACTIVITY) {
            activityQueue.withdraw(task.resource(), s.taskToken);
        }
    }

    // ------------------------------------------------------------------ task tokens (SendTask*)

    /** Outcome of a SendTask* call: null when accepted, else the API error code. */
    String sendTaskSuccess(String token, Object output) {
        TaskTokens.Waiting w = tokens.waiting(token);
        if (w == null) {
            return tokens.refusal(token);
        }
        w.strand().run.post(() -> whenSubmitted(w, () -> completeTask(w.strand(), w.waitId(), output)));
        return null;
    }

    String sendTaskFailure(String token, String error, String cause) {
        TaskTokens.Waiting w = tokens.waiting(token);
        if (w == null) {
            return tokens.refusal(token);
        }
        w.strand().run.post(() -> whenSubmitted(w, () -> {
            Strand s = w.strand();
            closeTask(s, "failed");
            in.history.taskFailed(s, (TaskState) s.state, error, cause);
            if (handleFailure(s, Failure.of(error, cause))) {
                runLoop(s);
            }
        }));
        return null;
    }

    String sendTaskHeartbeat(String token) {
        TaskTokens.Waiting w = tokens.waiting(token);
        if (w == null) {
            return tokens.refusal(token);
        }
        w.strand().run.post(() -> {
            Strand s = w.strand();
            if (s.waitId == w.waitId() && s.heartbeatTimer != null && s.heartbeatSeconds != null) {
                s.heartbeatTimer.cancel();
                long wid = w.waitId();
                long gen = ++s.heartbeatGeneration;
                s.heartbeatTimer = scheduler.schedule(scheduler.now().plusSeconds(s.heartbeatSeconds), true,
                        () -> s.run.post(() -> onHeartbeatTimeout(s, wid, gen)));
            }
        });
        return null;
    }

    /** Applies a token answer now, or once the call that handed out the token has returned. */
    private void whenSubmitted(TaskTokens.Waiting w, Runnable answer) {
        Strand s = w.strand();
        if (s.waitId != w.waitId() || !s.run.isRunning() || s.aborted || s.finished) {
            return;
        }
        if (s.waiting == Strand.Waiting.TOKEN) {
            answer.run();
        } else {
            s.earlyTokenAnswer = answer;
        }
    }
}
