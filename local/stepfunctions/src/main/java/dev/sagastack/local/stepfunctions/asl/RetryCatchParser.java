package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PayloadTemplate;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Retry and Catch fields of Task, Parallel and Map states, as the developer guide's "Handling
 * errors in Step Functions workflows" page describes them, with the defaults it gives (an interval
 * of 1 second, 3 attempts, a backoff rate of 2.0).
 */
final class RetryCatchParser {
    private final Diagnostics diagnostics;
    private final FieldCompiler fields;

    RetryCatchParser(Diagnostics diagnostics, FieldCompiler fields) {
        this.diagnostics = diagnostics;
        this.fields = fields;
    }

    List<Retrier> retry(Map<String, Object> m, String loc) {
        List<Retrier> out = new ArrayList<>();
        List<Object> l = m.containsKey("Retry") ? fields.array(m.get("Retry"), loc + "/Retry") : null;
        if (l != null) {
            fields.eachObject(l, loc + "/Retry", (r, rl, i) -> out.add(retrier(r, rl, i == l.size() - 1)));
        }
        return out;
    }

    private Retrier retrier(Map<String, Object> r, String rl, boolean last) {
        diagnostics.onlyFields(r, AllowedFields.RETRIER, rl);
        List<String> errors = errorEquals(r.get("ErrorEquals"), rl, last);
        Integer interval = fields.positiveInt(r, "IntervalSeconds", rl);
        Integer max = r.containsKey("MaxAttempts") ? fields.nonNegativeInt(r.get("MaxAttempts"), rl + "/MaxAttempts")
                : null;
        double backoff = 2.0;
        if (r.containsKey("BackoffRate")) {
            if (r.get("BackoffRate") instanceof Number b && b.doubleValue() >= 1.0) {
                backoff = b.doubleValue();
            } else {
                diagnostics.schema("The value should be a number greater than or equal to 1.0", rl + "/BackoffRate");
            }
        }
        Integer maxDelay = fields.positiveInt(r, "MaxDelaySeconds", rl);
        boolean full = false;
        if (r.containsKey("JitterStrategy")) {
            Object j = r.get("JitterStrategy");
            if ("FULL".equals(j)) {
                full = true;
            } else if (!"NONE".equals(j)) {
                diagnostics.schema("The field 'JitterStrategy' should have one of these values: [FULL, NONE]",
                        rl + "/JitterStrategy");
            }
        }
        return new Retrier(errors, interval == null ? 1 : interval, max == null ? 3 : max, backoff, maxDelay, full);
    }

    List<Catcher> catchers(StateHeader s, Map<String, Object> m, String loc) {
        List<Catcher> out = new ArrayList<>();
        List<Object> l = m.containsKey("Catch") ? fields.array(m.get("Catch"), loc + "/Catch") : null;
        if (l != null) {
            fields.eachObject(l, loc + "/Catch", (c, cl, i) -> out.add(catcher(s, c, cl, i == l.size() - 1)));
        }
        return out;
    }

    private Catcher catcher(StateHeader s, Map<String, Object> c, String cl, boolean last) {
        AllowedFields.check(diagnostics, c, AllowedFields.CATCHER, s.jsonata(), cl);
        List<String> errors = errorEquals(c.get("ErrorEquals"), cl, last);
        String next = fields.requiredNext(c, cl);
        PathField resultPath = s.jsonata() ? PathField.DEFAULT : fields.referencePathField(c, "ResultPath", cl);
        JsonataTemplate output = s.jsonata() ? fields.jsonata(c, "Output", cl) : null;
        PayloadTemplate assignPath = s.jsonata() ? null : fields.assignPath(c.get("Assign"), cl + "/Assign");
        JsonataTemplate assignJsonata = s.jsonata() ? fields.assignJsonata(c.get("Assign"), cl + "/Assign") : null;
        return new Catcher(errors, next, resultPath, output, assignPath, assignJsonata);
    }

    /** ErrorEquals: a non-empty array of error names, States.ALL alone and only in the last entry. */
    private List<String> errorEquals(Object v, String loc, boolean last) {
        List<String> out = new ArrayList<>();
        if (!(v instanceof List) || Json.asArray(v).isEmpty()) {
            diagnostics.required(loc, "ErrorEquals");
            return out;
        }
        for (Object o : Json.asArray(v)) {
            if (o instanceof String error) {
                out.add(error);
            } else {
                diagnostics.schema("The value should be a string", loc + "/ErrorEquals");
            }
        }
        if (out.contains("States.ALL") && (out.size() > 1 || !last)) {
            diagnostics.schema("States.ALL must appear alone in ErrorEquals and in the last entry", loc + "/ErrorEquals");
        }
        return out;
    }
}
