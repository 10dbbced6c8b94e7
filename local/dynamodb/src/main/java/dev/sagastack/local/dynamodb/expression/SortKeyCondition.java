package dev.sagastack.local.dynamodb.expression;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.KeyOrdering;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A condition on one key attribute of a KeyConditionExpression; operands are one value, or two for
 * BETWEEN. Comparisons use {@link KeyOrdering}; a value of another type never matches.
 */
public record SortKeyCondition(String attributeName, Operator operator, List<AttributeValue> operands) {

    public enum Operator { EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH }

    public SortKeyCondition {
        operands = List.copyOf(operands);
    }

    /** Whether a sort key value satisfies this condition. */
    public boolean matches(AttributeValue sortKeyValue) {
        AttributeValue first = operands.get(0);
        if (sortKeyValue == null || sortKeyValue.type() != first.type()) {
            return false;
        }
        switch (operator) {
            case BEGINS_WITH:
                return beginsWith(sortKeyValue, first);
            case BETWEEN:
                AttributeValue last = operands.get(1);
                return sortKeyValue.type() == last.type() && KeyOrdering.compare(sortKeyValue, first) >= 0
                        && KeyOrdering.compare(sortKeyValue, last) <= 0;
            default:
                int c = KeyOrdering.compare(sortKeyValue, first);
                switch (operator) {
                    case EQ:
                        return c == 0;
                    case LT:
                        return c < 0;
                    case LE:
                        return c <= 0;
                    case GT:
                        return c > 0;
                    default:
                        return c >= 0;
                }
        }
    }

    private static boolean beginsWith(AttributeValue value, AttributeValue prefix) {
        if (value instanceof AttributeValue.S s && prefix instanceof AttributeValue.S p) {
            return s.value().startsWith(p.value());
        }
        if (value instanceof AttributeValue.B b && prefix instanceof AttributeValue.B p) {
            ByteBuffer v = b.value();
            ByteBuffer pre = p.value();
            return pre.remaining() <= v.remaining() && v.slice().limit(pre.remaining()).equals(pre);
        }
        return false;
    }
}
