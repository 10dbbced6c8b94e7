package dev.sagastack.local.dynamodb.dax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.dynamodb.api.DynamoDbApi;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Calls the embedded engine in-process with DynamoDB JSON requests, the same entry the HTTP front end
 * uses, so DAX requests get exactly DynamoDB's validation, semantics and errors.
 */
final class Engine {

    private static final String PREFIX = "DynamoDB_20120810.";

    private final DynamoDbApi api;
    private final ObjectMapper mapper = new ObjectMapper();

    Engine(DynamoDbApi api) {
        this.api = api;
    }

    ObjectNode newRequest() {
        return mapper.createObjectNode();
    }

    JsonNode call(String operation, ObjectNode request) throws EngineError {
        try {
            DynamoDbApi.Response response = api.handle(PREFIX + operation, mapper.writeValueAsBytes(request));
            JsonNode body = mapper.readTree(response.body());
            if (response.status() != 200) {
                throw new EngineError(body, response.status());
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An error the engine answered, as DynamoDB would: its {@code __type}, message and extra members. */
    static final class EngineError extends Exception {
        private final JsonNode body;
        private final int status;

        EngineError(JsonNode body, int status) {
            super(body.path("message").asText(body.path("Message").asText("")));
            this.body = body;
            this.status = status;
        }

        /** The error name without its service prefix, e.g. {@code ConditionalCheckFailedException}. */
        String name() {
            String type = body.path("__type").asText();
            return type.substring(type.indexOf('#') + 1);
        }

        JsonNode body() {
            return body;
        }

        int status() {
            return status;
        }
    }
}
