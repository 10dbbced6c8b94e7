package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.DynamoDbError;

final class TransactionOperations {
    TransactionOperations(Database db) {
    }
    void transactWriteItems(Request req, JsonGenerator out) {
        throw DynamoDbError.unknownOperation();
    }
    void transactGetItems(Request req, JsonGenerator out) {
        throw DynamoDbError.unknownOperation();
    }
}
