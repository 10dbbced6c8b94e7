package dev.sagastack.local.dynamodb.expression;

import dev.sagastack.local.dynamodb.value.Item;

/** A parsed ConditionExpression or FilterExpression. */
public interface Condition {

    /** Whether the item satisfies the condition; {@code item} is {@link Item#EMPTY} when no item exists. */
    boolean test(Item item);
}
