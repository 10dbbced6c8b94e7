package dev.sagastack.local.dynamodb.expression;

import java.util.Optional;

/** Checks a KeyConditionExpression against a table's or index's key schema. */
public final class KeyConditions {

    private KeyConditions() {
    }

    /**
     * Throws {@link ExpressionException} with DynamoDB's message when the condition does not fit the
     * key schema.
     */
    public static void validate(KeyCondition condition, String hashKeyName, Optional<String> rangeKeyName) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
