package dev.sagastack.local.dynamodb.value;

import java.util.Comparator;

/** DynamoDB's ordering of key values: S by UTF-8 bytes (unsigned), N numerically, B bytewise unsigned. */
public final class KeyOrdering {

    public static final Comparator<AttributeValue> COMPARATOR = KeyOrdering::compare;

    private KeyOrdering() {
    }

    public static int compare(AttributeValue a, AttributeValue b) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
