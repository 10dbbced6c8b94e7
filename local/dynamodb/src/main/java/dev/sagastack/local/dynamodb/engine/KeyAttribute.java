package dev.sagastack.local.dynamodb.engine;

import dev.sagastack.local.dynamodb.value.AttributeValue;

/** A key attribute of a table or index: its name and scalar type (S, N or B). */
public record KeyAttribute(String name, AttributeValue.Type type) {

    public boolean matchesType(AttributeValue value) {
        return value != null && value.type() == type;
    }
}
