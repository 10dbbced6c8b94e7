package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.DynamoDbError;

final class StreamOperations {
    StreamOperations(Database db) {
    }
    void listStreams(Request req, JsonGenerator out) {
        throw DynamoDbError.unknownOperation();
    }
    void describeStream(Request req, JsonGenerator out) {
        throw DynamoDbError.unknownOperation();
    }
    void getShardIterator(Request req, JsonGenerator out) {
        throw DynamoDbError.unknownOperation();
    }
    void getRecords(Request req, JsonGenerator out) {
        throw DynamoDbError.unknownOperation();
    }
}
