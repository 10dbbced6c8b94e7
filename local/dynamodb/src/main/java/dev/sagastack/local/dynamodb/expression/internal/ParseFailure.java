package dev.sagastack.local.dynamodb.expression.internal;

/**
 * A problem that ends parsing at once (a syntax error), with DynamoDB's message text minus the
 * "Invalid &lt;Parameter&gt;: " prefix that the caller adds.
 */
public final class ParseFailure extends RuntimeException {

    public ParseFailure(String message) {
        super(message, null, false, false);
    }
}
