package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.asl.Choice;
import dev.sagastack.local.stepfunctions.asl.ChoiceRule;
import dev.sagastack.local.stepfunctions.asl.ChoiceState;
import dev.sagastack.local.stepfunctions.asl.ChoiceTimestamps;
import dev.sagastack.local.stepfunctions.asl.FailState;
import dev.sagastack.local.stepfunctions.asl.PassState;
import dev.sagastack.local.stepfunctions.asl.Setting;
import dev.sagastack.local.stepfunctions.asl.SucceedState;
import dev.sagastack.local.stepfunctions.asl.WaitState;
import dev.sagastack.local.stepfunctions.expr.EvalContext;
import dev.sagastack.local.stepfunctions.expr.EvaluationException;
import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PathExpr;
import dev.sagastack.local.stepfunctions.expr.Paths;
import dev.sagastack.local.stepfunctions.json.Json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import static dev.sagastack.local.stepfunctions.runtime.DataFlow.assignPath;
import static dev.sagastack.local.stepfunctions.runtime.DataFlow.effectiveInput;
import static dev.sagastack.local.stepfunctions.runtime.DataFlow.inputPath;
import static dev.sagastack.local.stepfunctions.runtime.DataFlow.outputPath;
import static dev.sagastack.local.stepfunctions.runtime.DataFlow.resultPath;

/**
 * The states that run without a task or a fan-out: Pass, Succeed, Fail, Choice and Wait (with its
 * timer). Runs on the owning execution's mailbox like the rest of the interpreter.
 */
final class SimpleStates {
    private final Interpreter in;
    private final Scheduler scheduler;

    SimpleStates(Interpreter in) {
        this.in = in;
        this.scheduler = in.scheduler;
    }

    boolean pass(Strand s, PassState st) {
        EvalContext ctx = in.ctx(s);
        if (st.isJsonata()) {
            Object out = st.output() == null ? s.input : in.jsonata(st.output(), ctx);
            return in.exit(s, out, in.assignJsonata(st.assignJsonata(), ctx));
        }
        Object eff = effectiveInput(s, st, ctx);
        Object result = st.result() != null ? st.result() : eff;
        Map<String, Object> assigned = assignPath(st.assignPath(), result, ctx);
        Object out = outputPath(st, resultPath(st.resultPath(), s.input, result, ctx), ctx);
        return in.exit(s, out, assigned);
    }

    boolean succeed(Strand s, SucceedState st) {
        EvalContext ctx = in.ctx(s);
        Object out = st.isJsonata() ? (st.output() == null ? s.input : in.jsonata(st.output(), ctx))
                : outputPath(st, inputPath(st, s.input, ctx), ctx);
        return in.exit(s, out, null, null);
    }

    boolean fail(Strand s, FailState st) {
        EvalContext ctx = in.ctx(s);
        String error = failField(st.error(), "Error", ctx);
        String cause = failField(st.cause(), "Cause", ctx);
        in.failStrand(s, Failure.of(error, cause));
        return false;
    }

    /** A Fail state's Error or Cause: as written, from its …Path, or from a JSONata expression. */
    private String failField(Setting<String> setting, String field, EvalContext ctx) {
        if (setting == null) {
            return null;
        }
        if (setting instanceof Setting.Fixed<String> fixed) {
            return fixed.value();
        }
        if (setting instanceof Setting.FromExpression<String> expression) {
            return stringField(in.jsonata(expression.expression(), ctx), field, ctx);
        }
        return stringField(pathOrIntrinsic(setting, field + "Path", ctx), field + "Path", ctx);
    }

    private static Object pathOrIntrinsic(Setting<String> setting, String field, EvalContext ctx) {
        if (setting instanceof Setting.FromIntrinsic<String> intrinsic) {
            return intrinsic.function().evaluate(ctx, field);
        }
        PathExpr p = ((Setting.FromPath<String>) setting).path();
        try {
            return p.read(p.root() == PathExpr.Root.CONTEXT ? ctx.context()
                    : p.root() == PathExpr.Root.VARIABLE ? ctx.variables.get(p.variable()) : ctx.input);
        } catch (RuntimeException e) {
            throw new EvaluationException(Failure.RUNTIME, ctx.errorPrefix() + "The JSONPath '" + p.text()
                    + "' specified for the field '" + field + "' could not be found in the input '"
                    + Json.write(ctx.input) + "'", null);
        }
    }

    private static String stringField(Object v, String field, EvalContext ctx) {
        if (!(v instanceof String)) {
            throw new EvaluationException(Failure.RUNTIME, ctx.errorPrefix() + "The value of the field '" + field
                    + "' must be a string, but was: " + Json.write(v), field);
        }
        return (String) v;
    }

    boolean choice(Strand s, ChoiceState st) {
        EvalContext ctx = in.ctx(s);
        if (st.isJsonata()) {
            for (int i = 0; i < st.choices().size(); i++) {
                Choice r = st.choices().get(i);
                JsonataTemplate condition = ((ChoiceRule.Condition) r.rule()).condition();
                Object c = in.jsonata(condition, ctx);
                if (!(c instanceof Boolean)) {
                    String field = "Choices[" + i + "]/Condition";
                    throw new EvaluationException(Failure.QUERY, ctx.errorPrefix() + "The JSONata expression '"
                            + (condition.singleExpression() == null ? String.valueOf(c)
                            : condition.singleExpression().source())
                            + "' specified for the field '" + field + "' returned an unexpected result type. Expected "
                            + "'boolean', but was '" + Json.typeName(c) + "' for value: " + Json.write(c), field);
                }
                if ((Boolean) c) {
                    Object out = r.output() != null ? in.jsonata(r.output(), ctx)
                            : st.output() != null ? in.jsonata(st.output(), ctx) : s.input;
                    return in.exit(s, out, in.assignJsonata(r.assignJsonata(), ctx), r.next());
                }
            }
            if (st.defaultNext() == null) {
                throw noChoice(ctx);
            }
            Object out = st.output() != null ? in.jsonata(st.output(), ctx) : s.input;
            return in.exit(s, out, in.assignJsonata(st.assignJsonata(), ctx), st.defaultNext());
        }
        Object eff = inputPath(st, s.input, ctx);
        ctx.input = eff;
        for (Choice r : st.choices()) {
            if (Choices.matches(r.rule(), eff, ctx)) {
                Map<String, Object> assigned = assignPath(r.assignPath(), eff, ctx);
                return in.exit(s, outputPath(st, eff, ctx), assigned, r.next());
            }
        }
        if (st.defaultNext() == null) {
            throw noChoice(ctx);
        }
        Map<String, Object> assigned = assignPath(st.assignPath(), eff, ctx);
        return in.exit(s, outputPath(st, eff, ctx), assigned, st.defaultNext());
    }

    private static EvaluationException noChoice(EvalContext ctx) {
        // a Choice state has no Catch, so this ends the execution (or the branch) with this error
        return new EvaluationException("States.NoChoiceMatched", ctx.errorPrefix()
                + "No Choice rule matched the input and no Default was specified: " + Json.write(ctx.input), null);
    }

    boolean waitState(Strand s, WaitState st) {
        EvalContext ctx = in.ctx(s);
        Instant now = scheduler.now();
        Instant until;
        Object eff = st.isJsonata() ? s.input : inputPath(st, s.input, ctx);
        ctx.input = eff;
        if (st.seconds() instanceof Setting.Fixed<Integer> fixed) {
            until = now.plusSeconds(fixed.value());
        } else if (st.timestamp() instanceof Setting.Fixed<String> fixed) {
            until = ChoiceTimestamps.parse(fixed.value()).toInstant();
        } else if (st.seconds() instanceof Setting.FromExpression<Integer> expression) {
            Object v = in.jsonata(expression.expression(), ctx);
            if (!(v instanceof Number) || !Json.isIntegral(Json.normalize((Number) v)) || ((Number) v).longValue() < 0) {
                throw new EvaluationException(Failure.QUERY, ctx.errorPrefix() + "The JSONata expression '"
                        + expression.expression().singleExpression().source() + "' specified for the field 'Seconds' returned"
                        + " an unexpected result type. Expected 'integer', but was '" + Json.typeName(v)
                        + "' for value: " + Json.write(v), "Seconds");
            }
            until = now.plusSeconds(((Number) v).longValue());
        } else if (st.timestamp() instanceof Setting.FromExpression<String> expression) {
            Object v = in.jsonata(expression.expression(), ctx);
            OffsetDateTime t = v instanceof String ? ChoiceTimestamps.parse((String) v) : null;
            if (t == null) {
                throw new EvaluationException(Failure.QUERY, ctx.errorPrefix() + "The Timestamp field cannot be parsed"
                        + " as an ISO-8601 extended offset date-time format string: " + (v instanceof String ? v
                        : Json.write(v)), "Timestamp");
            }
            until = t.toInstant();
        } else if (st.seconds() instanceof Setting.FromPath<Integer> secondsPath) {
            Object v;
            try {
                v = Paths.read(secondsPath.path(), ctx);
            } catch (EvaluationException e) {
                v = null;
            }
            if (!(v instanceof Number) || !Json.isIntegral(Json.normalize((Number) v)) || ((Number) v).longValue() < 0) {
                throw new EvaluationException(Failure.RUNTIME, ctx.errorPrefix()
                        + "The SecondsPath parameter does not reference an input value: " + secondsPath.path().text(), null);
            }
            until = now.plusSeconds(((Number) v).longValue());
        } else {
            PathExpr timestampPath = ((Setting.FromPath<String>) st.timestamp()).path();
            Object v;
            try {
                v = Paths.read(timestampPath, ctx);
            } catch (EvaluationException e) {
                v = null;
            }
            OffsetDateTime t = v instanceof String ? ChoiceTimestamps.parse((String) v) : null;
            if (t == null) {
                throw new EvaluationException(Failure.RUNTIME, ctx.errorPrefix() + "The TimestampPath parameter does not"
                        + " reference a valid ISO-8601 extended offset date-time format string: "
                        + timestampPath.text() + " == " + (v == null ? "null" : v instanceof String ? v : Json.write(v)),
                        null);
            }
            until = t.toInstant();
        }
        if (!until.isAfter(now)) {
            return finishWait(s, st);
        }
        scheduleWake(s, st, until);
        return false;
    }

    void scheduleWake(Strand s, WaitState st, Instant until) {
        long wid = ++s.waitId;
        s.waiting = Strand.Waiting.WAIT_STATE;
        s.wakeAt = until;
        s.timer = scheduler.schedule(until, false, () -> s.run.post(() -> {
            if (s.waitId == wid && s.run.isRunning() && !s.aborted) {
                s.timer = null;
                s.waiting = Strand.Waiting.NONE;
                boolean moved;
                try {
                    moved = finishWait(s, st);
                } catch (EvaluationException e) {
                    moved = in.handleFailure(s, Failure.of(e));
                }
                if (moved) {
                    in.runLoop(s);
                }
            }
        }));
    }

    private boolean finishWait(Strand s, WaitState st) {
        EvalContext ctx = in.ctx(s);
        if (st.isJsonata()) {
            Object out = st.output() == null ? s.input : in.jsonata(st.output(), ctx);
            return in.exit(s, out, in.assignJsonata(st.assignJsonata(), ctx));
        }
        Object eff = inputPath(st, s.input, ctx);
        Map<String, Object> assigned = assignPath(st.assignPath(), eff, ctx);
        return in.exit(s, outputPath(st, eff, ctx), assigned);
    }
}
