package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.DynamoDbError;

final class ReadOperations {
    ReadOperations(Database db) {
    }
    void query(Request req, JsonGenerator out) {
        throw DynamoDbError.unknownOperation();
    }
    void scan(Request req, JsonGenerator out) {
        throw DynamoDbError.unknownOperation();
    }
}
