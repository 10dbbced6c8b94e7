package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.asl.PathField;
import dev.sagastack.local.stepfunctions.asl.State;
import dev.sagastack.local.stepfunctions.expr.EvalContext;
import dev.sagastack.local.stepfunctions.expr.Paths;
import dev.sagastack.local.stepfunctions.expr.PayloadTemplate;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSONPath input and output processing ("Processing input and output in Step Functions"):
 * InputPath, Parameters, ResultPath, OutputPath and Assign, each a pure function of the values it is given.
 */
final class DataFlow {
    private DataFlow() {
    }

    static Object inputPath(State st, Object raw, EvalContext ctx) {
        if (st.inputPath().isDefault()) {
            return raw;
        }
        if (st.inputPath().isNull()) {
            return new LinkedHashMap<String, Object>();
        }
        ctx.input = raw;
        return Paths.read(st.inputPath().path(), ctx);
    }

    /** InputPath then Parameters (JSONPath states). */
    static Object effectiveInput(Strand s, State st, EvalContext ctx) {
        Object in = inputPath(st, s.input, ctx);
        if (st.parameters() != null) {
            ctx.input = in;
            in = st.parameters().evaluate(ctx);
        }
        ctx.input = s.input;
        return in;
    }

    static Object resultPath(PathField rp, Object rawInput, Object result, EvalContext ctx) {
        if (rp.isDefault()) {
            return result;
        }
        if (rp.isNull()) {
            return rawInput;
        }
        ctx.input = rawInput;
        return Paths.set(rp.path(), rawInput, result, ctx);
    }

    static Object outputPath(State st, Object value, EvalContext ctx) {
        if (st.outputPath().isDefault()) {
            return value;
        }
        if (st.outputPath().isNull()) {
            return new LinkedHashMap<String, Object>();
        }
        ctx.input = value;
        return Paths.read(st.outputPath().path(), ctx);
    }

    static Map<String, Object> assignPath(PayloadTemplate t, Object dollar, EvalContext ctx) {
        if (t == null) {
            return null;
        }
        Object saved = ctx.input;
        ctx.input = dollar;
        Map<String, Object> m = Json.asObject(t.evaluate(ctx));
        ctx.input = saved;
        return m;
    }
}
