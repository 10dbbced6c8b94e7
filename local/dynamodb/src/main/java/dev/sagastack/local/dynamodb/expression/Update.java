package dev.sagastack.local.dynamodb.expression;

import dev.sagastack.local.dynamodb.value.Item;
import java.util.Set;

/** A parsed UpdateExpression with its request's values bound. */
public interface Update {

    /**
     * Applies the SET/REMOVE/ADD/DELETE actions to a copy of the item ({@link Item#EMPTY} plus the
     * key when no item exists).
     *
     * @throws ExpressionException with DynamoDB's runtime message, e.g. "An operand in the update
     *     expression has an incorrect data type" or "The document path provided in the update
     *     expression is invalid for update"
     */
    Item apply(Item item);

    /**
     * Whether the update only takes attributes or set elements away (REMOVE and DELETE actions):
     * applied to a missing item it creates nothing.
     */
    boolean onlyRemoves();

    /** Top-level attribute names this update writes or removes, in expression order. */
    Set<String> topLevelAttributes();

    /**
     * The parts of an item at the document paths this update writes or removes, nested as in the
     * item: apply to the old item for ReturnValues UPDATED_OLD, to the new one for UPDATED_NEW.
     */
    Item projectUpdatedPaths(Item item);
}
