package dev.sagastack.local.dynamodb.expression;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import java.util.List;
import java.util.Optional;

/**
 * A parsed KeyConditionExpression: one or two conditions on distinct top-level attributes.
 * Which is the partition key's is only certain once {@link KeyConditions#validate} has matched
 * them to the key schema (validation updates the parsed instance); before that the accessors take
 * the only condition, else the only equality, else the first.
 */
public interface KeyCondition {

    String partitionKeyName();

    AttributeValue partitionValue();

    Optional<SortKeyCondition> sortKeyCondition();

    /** All conditions in expression order (the partition key's is an EQ condition once valid). */
    List<SortKeyCondition> conditions();
}
