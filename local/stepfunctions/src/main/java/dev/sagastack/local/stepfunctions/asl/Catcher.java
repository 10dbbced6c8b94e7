package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PayloadTemplate;

import java.util.List;

/** One Catch entry: ResultPath (JSONPath) or Output (JSONata), optional Assign, and Next. */
public final class Catcher {
    public final List<String> errorEquals;
    public final String next;
    public final PathField resultPath;
    public final JsonataTemplate output;
    public final PayloadTemplate assignPath;
    public final JsonataTemplate assignJsonata;

    public Catcher(List<String> errorEquals, String next, PathField resultPath, JsonataTemplate output,
                   PayloadTemplate assignPath, JsonataTemplate assignJsonata) {
        this.errorEquals = errorEquals;
        this.next = next;
        this.resultPath = resultPath;
        this.output = output;
        this.assignPath = assignPath;
        this.assignJsonata = assignJsonata;
    }
}
