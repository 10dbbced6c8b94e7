package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PayloadTemplate;

import java.util.List;

/** One Catch entry: ResultPath (JSONPath) or Output (JSONata), optional Assign, and Next. */
public record Catcher(List<String> errorEquals, String next, PathField resultPath, JsonataTemplate output,
                      PayloadTemplate assignPath, JsonataTemplate assignJsonata) {
}
