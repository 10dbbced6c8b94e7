package dev.sagastack.batch;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/**
 * A batch write gave up: exactly the listed items (by key) were not written; every other item of
 * the call was written once.
 */
public final class BatchWriteIncomplete extends RuntimeException {

    private final List<Map<String, AttributeValue>> unwrittenKeys;

    public BatchWriteIncomplete(String table, List<Map<String, AttributeValue>> unwrittenKeys, Throwable cause) {
        super(unwrittenKeys.size() + " item(s) not written to " + table + ": " + BatchReader.describe(unwrittenKeys),
                cause);
        this.unwrittenKeys = List.copyOf(unwrittenKeys);
    }

    public List<Map<String, AttributeValue>> unwrittenKeys() {
        return unwrittenKeys;
    }
}
