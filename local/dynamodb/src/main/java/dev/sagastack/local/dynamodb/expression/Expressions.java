package dev.sagastack.local.dynamodb.expression;

/** Entry point: parses DynamoDB expressions into immutable, directly evaluated trees. */
public final class Expressions {

    private Expressions() {
    }

    /** Parses a condition; {@code parameterName} is "ConditionExpression" or "FilterExpression". */
    public static Condition parseCondition(String text, String parameterName, ExpressionContext ctx) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public static Update parseUpdate(String text, ExpressionContext ctx) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public static Projection parseProjection(String text, ExpressionContext ctx) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public static KeyCondition parseKeyCondition(String text, ExpressionContext ctx) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
