package dev.sagastack.local.dynamodb.expression;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import java.util.Optional;

/** A parsed KeyConditionExpression: partition key equality plus an optional sort key condition. */
public interface KeyCondition {

    String partitionKeyName();

    AttributeValue partitionValue();

    Optional<SortKeyCondition> sortKeyCondition();
}
