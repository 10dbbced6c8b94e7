package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.asl.Catcher;
import dev.sagastack.local.stepfunctions.asl.Retrier;
import dev.sagastack.local.stepfunctions.asl.State;
import dev.sagastack.local.stepfunctions.expr.EvalContext;
import dev.sagastack.local.stepfunctions.expr.EvaluationException;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.sagastack.local.stepfunctions.runtime.DataFlow.assignPath;
import static dev.sagastack.local.stepfunctions.runtime.DataFlow.resultPath;

/**
 * A state's errors: its Retry entries (backoff, MaxDelaySeconds, jitter, the retry timer), then its
 * Catch entries, then the strand fails; EvaluationFailed is recorded for errors an expression raised.
 */
final class RetryAndCatch {
    private final Interpreter in;
    private final Scheduler scheduler;

    RetryAndCatch(Interpreter in) {
        this.in = in;
        this.scheduler = in.scheduler;
    }

    /** Applies Retry, then Catch; returns true when a catcher moved the strand to its Next state. */
    boolean handleFailure(Strand s, Failure f) {
        if (f.terminal()) {
            in.failExecution(s, f);
            return false;
        }
        State st = s.state;
        if (f.evaluationLocation() != null) {
            in.history.evaluationFailed(s, f);
        }
        boolean heartbeat = s.heartbeatTimeout;
        for (int i = 0; i < st.retry().size(); i++) {
            Retrier r = st.retry().get(i);
            if (r.errorEquals().stream().anyMatch(n -> f.matches(n, heartbeat))) {
                if (s.retryCounts == null) {
                    s.retryCounts = new int[st.retry().size()];
                }
                int attempt = s.retryCounts[i];
                if (attempt < r.maxAttempts()) {
                    s.retryCounts[i]++;
                    scheduleRetry(s, retryDelay(r, attempt, s.run));
                    return false;
                }
                break;
            }
        }
        for (Catcher c : st.catchers()) {
            if (c.errorEquals().stream().anyMatch(n -> f.matches(n, heartbeat))) {
                return applyCatcher(s, st, c, f);
            }
        }
        in.failStrand(s, f);
        return false;
    }

    /** Documented backoff: IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds, FULL jitter in [0, d]. */
    static Duration retryDelay(Retrier r, int attempt, ExecutionRun run) {
        double seconds = r.intervalSeconds() * Math.pow(r.backoffRate(), attempt);
        if (r.maxDelaySeconds() != null) {
            seconds = Math.min(seconds, r.maxDelaySeconds());
        }
        if (r.fullJitter()) {
            seconds = seconds * run.random.nextDouble();
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private void scheduleRetry(Strand s, Duration delay) {
        scheduleRetryAt(s, scheduler.now().plus(delay));
    }

    void scheduleRetryAt(Strand s, Instant at) {
        long wid = ++s.waitId;
        s.waiting = Strand.Waiting.RETRY;
        s.wakeAt = at;
        s.timer = scheduler.schedule(s.wakeAt, false, () -> s.run.post(() -> {
            if (s.waitId == wid && s.run.isRunning() && !s.aborted && !s.finished) {
                s.timer = null;
                s.waiting = Strand.Waiting.NONE;
                s.retryCount++;
                in.runLoop(s);
            }
        }));
    }

    private boolean applyCatcher(Strand s, State st, Catcher c, Failure f) {
        Map<String, Object> errorOutput = f.errorOutput();
        EvalContext ctx = in.ctx(s);
        Object out;
        Map<String, Object> assigned;
        try {
            if (st.isJsonata()) {
                ctx.errorOutput = errorOutput;
                out = c.output() == null ? errorOutput : in.jsonata(c.output(), ctx);
                assigned = in.assignJsonata(c.assignJsonata(), ctx);
            } else {
                assigned = assignPath(c.assignPath(), errorOutput, ctx);
                out = resultPath(c.resultPath(), s.input, errorOutput, ctx);
            }
        } catch (EvaluationException e) {
            Failure g = Failure.of(e);
            if (g.evaluationLocation() != null) {
                in.history.evaluationFailed(s, g);
            }
            in.failStrand(s, g);
            return false;
        }
        return in.exit(s, out, assigned, c.next());
    }
}
