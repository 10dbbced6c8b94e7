package dev.sagastack.local.dynamodb.expression;

import dev.sagastack.local.dynamodb.value.Item;
import java.util.List;

/** A parsed ProjectionExpression. */
public interface Projection {

    /** The projected copy of the item: only the named paths, keeping their nesting. */
    Item apply(Item item);

    /** Top-level attribute names the projection reads, in expression order, without duplicates. */
    List<String> topLevelAttributes();
}
