package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.DynamoDbError;

final class BatchOperations {
    BatchOperations(Database db, ServerSettings settings, ItemOperations items) {
    }
    void batchGetItem(Request req, JsonGenerator out) {
        throw DynamoDbError.unknownOperation();
    }
    void batchWriteItem(Request req, JsonGenerator out) {
        throw DynamoDbError.unknownOperation();
    }
}
