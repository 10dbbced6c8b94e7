package dev.sagastack.local.dynamodb.expression;

import dev.sagastack.local.dynamodb.expression.internal.KeyConditionBuilder;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import java.util.Optional;

/** Checks a KeyConditionExpression against a table's or index's key schema. */
public final class KeyConditions {

    private KeyConditions() {
    }

    /**
     * Matches the conditions to the key schema.
     *
     * @return the key condition with its partition and sort key conditions assigned by the schema (the
     *     given instance, when it came from {@link Expressions#parseKeyCondition}, now reports the
     *     same assignment)
     * @throws ExpressionException with DynamoDB's message, e.g. "Query condition missed key schema
     *     element: PK" or "Query key condition not supported"
     */
    public static KeyCondition validate(KeyCondition condition, String hashKeyName, Optional<String> rangeKeyName) {
        return validate(condition, hashKeyName, null, rangeKeyName, null);
    }

    /**
     * As {@link #validate(KeyCondition, String, Optional)}, and also checks that the operands have the
     * key attributes' types ("One or more parameter values were invalid: Condition parameter type
     * does not match schema type").
     */
    public static KeyCondition validate(KeyCondition condition, String hashKeyName, AttributeValue.Type hashKeyType,
            Optional<String> rangeKeyName, AttributeValue.Type rangeKeyType) {
        int count = condition.conditions().size();
        if (rangeKeyName.isEmpty() && count > 1) {
            throw new ExpressionException("Query key condition not supported");
        }
        SortKeyCondition partition = find(condition, hashKeyName);
        if (partition == null) {
            throw new ExpressionException("Query condition missed key schema element: " + hashKeyName);
        }
        checkType(partition, hashKeyType);
        if (partition.operator() != SortKeyCondition.Operator.EQ) {
            throw new ExpressionException("Query key condition not supported");
        }
        SortKeyCondition sort = null;
        if (rangeKeyName.isPresent()) {
            sort = find(condition, rangeKeyName.get());
            if (sort == null && count > 1) {
                throw new ExpressionException("Query condition missed key schema element: " + rangeKeyName.get());
            }
            if (sort != null) {
                checkType(sort, rangeKeyType);
            }
        }
        if (condition instanceof KeyConditionBuilder.Parsed parsed) {
            parsed.assign(partition, sort);
            return parsed;
        }
        return new KeyConditionBuilder.Parsed(condition.conditions(), partition, sort);
    }

    private static SortKeyCondition find(KeyCondition condition, String name) {
        for (SortKeyCondition c : condition.conditions()) {
            if (c.attributeName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static void checkType(SortKeyCondition c, AttributeValue.Type type) {
        if (type == null) {
            return;
        }
        for (AttributeValue v : c.operands()) {
            if (v.type() != type) {
                throw new ExpressionException(
                        "One or more parameter values were invalid: Condition parameter type does not match schema type");
            }
        }
    }
}
