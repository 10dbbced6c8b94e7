package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PayloadTemplate;

/**
 * One entry of a Choice state's Choices: its rule, its Next state, and the Assign (JSONPath or
 * JSONata) and Output (JSONata) applied when it matches; absent ones are null.
 */
public record Choice(ChoiceRule rule, String next, PayloadTemplate assignPath, JsonataTemplate assignJsonata,
                     JsonataTemplate output) {
}
