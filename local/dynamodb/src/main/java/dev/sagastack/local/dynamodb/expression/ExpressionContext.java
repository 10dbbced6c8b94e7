package dev.sagastack.local.dynamodb.expression;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import java.util.Map;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all
 * expressions of that request; tracks which of them the expressions used.
 */
public final class ExpressionContext {

    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;

    public ExpressionContext(Map<String, String> names, Map<String, AttributeValue> values) {
        this.names = names == null ? Map.of() : names;
        this.values = values == null ? Map.of() : values;
    }

    /** Throws {@link ExpressionException} when a name or value was supplied but not used. */
    public void verifyAllUsed() {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
