package dev.sagastack.batch;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/** A batch get gave up: exactly the listed keys were not read. */
public final class BatchGetIncomplete extends RuntimeException {

    private final List<Map<String, AttributeValue>> unreadKeys;

    public BatchGetIncomplete(String table, List<Map<String, AttributeValue>> unreadKeys, Throwable cause) {
        super(unreadKeys.size() + " key(s) not read from " + table + ": " + BatchReader.describe(unreadKeys), cause);
        this.unreadKeys = List.copyOf(unreadKeys);
    }

    public List<Map<String, AttributeValue>> unreadKeys() {
        return unreadKeys;
    }
}
