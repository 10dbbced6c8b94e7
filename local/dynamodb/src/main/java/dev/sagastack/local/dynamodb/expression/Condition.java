package dev.sagastack.local.dynamodb.expression;

import dev.sagastack.local.dynamodb.value.Item;
import java.util.Set;

/** A parsed ConditionExpression or FilterExpression with its request's values bound. */
public interface Condition {

    /** Whether the item satisfies the condition; {@code item} is {@link Item#EMPTY} when no item exists. */
    boolean test(Item item);

    /**
     * The top-level attribute names the condition's document paths start with (a Query's filter
     * may not name key attributes: "Filter Expression can only contain non-primary key attributes:
     * Primary key attribute: PK"). A condition not parsed from an expression names none.
     */
    default Set<String> topLevelAttributes() {
        return Set.of();
    }
}
