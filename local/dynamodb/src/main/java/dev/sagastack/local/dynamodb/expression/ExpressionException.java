package dev.sagastack.local.dynamodb.expression;

/**
 * Thrown for any invalid expression or runtime type error; {@link #getMessage()} is DynamoDB's
 * exact ValidationException message text.
 */
public final class ExpressionException extends RuntimeException {

    public ExpressionException(String message) {
        super(message, null, false, false);
    }
}
