package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PathExpr;

import java.util.List;

/**
 * A Choice rule's test: in JSONPath states a boolean tree of And/Or/Not over comparisons of a
 * Variable, in JSONata states a Condition.
 */
public sealed interface ChoiceRule {
    record And(List<ChoiceRule> rules) implements ChoiceRule {
    }

    record Or(List<ChoiceRule> rules) implements ChoiceRule {
    }

    record Not(ChoiceRule rule) implements ChoiceRule {
    }

    /**
     * One comparison of the Variable's value: {@code operator} is named without its "Path" suffix
     * (StringEqualsPath is StringEquals with an operand read from a path), so the operand is fixed
     * or a path.
     */
    record Comparison(PathExpr variable, String operator, Setting<Object> operand) implements ChoiceRule {
    }

    /** A JSONata Condition (an expression, or a boolean written in the definition). */
    record Condition(JsonataTemplate condition) implements ChoiceRule {
    }
}
