package dev.sagastack.local.dynamodb.expression;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import java.util.List;

/** The sort key part of a KeyConditionExpression. */
public record SortKeyCondition(String attributeName, Operator operator, List<AttributeValue> operands) {

    public enum Operator { EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH }

    public SortKeyCondition {
        operands = List.copyOf(operands);
    }

    /** Whether a sort key value satisfies this condition. */
    public boolean matches(AttributeValue sortKeyValue) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
