package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PathExpr;
import dev.sagastack.local.stepfunctions.expr.PayloadTemplate;

import java.util.List;

/**
 * A Choice rule. JSONPath rules are a boolean tree (And/Or/Not or one comparison on a Variable);
 * JSONata rules carry a Condition. Top-level rules have Next and may have Assign/Output.
 */
public final class ChoiceRule {
    public enum Kind { AND, OR, NOT, COMPARISON, CONDITION }

    public Kind kind;
    public List<ChoiceRule> children;
    public PathExpr variable;
    public String operator;
    public Object operand;
    public PathExpr operandPath;
    public JsonataTemplate condition;

    public String next;
    public PayloadTemplate assignPath;
    public JsonataTemplate assignJsonata;
    public JsonataTemplate output;
}
