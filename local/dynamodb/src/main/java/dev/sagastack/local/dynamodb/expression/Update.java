package dev.sagastack.local.dynamodb.expression;

import dev.sagastack.local.dynamodb.value.Item;
import java.util.Set;

/** A parsed UpdateExpression. */
public interface Update {

    /**
     * Applies the SET/REMOVE/ADD/DELETE actions to a copy of the item.
     *
     * @throws ExpressionException with DynamoDB's runtime message when an operand has the wrong type
     *     or a document path cannot be updated
     */
    Item apply(Item item);

    /** Top-level attribute names this update writes or removes. */
    Set<String> topLevelAttributes();
}
