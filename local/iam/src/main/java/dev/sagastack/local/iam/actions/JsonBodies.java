package dev.sagastack.local.iam.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.ServiceActionResolver.UnreadableRequest;

import java.io.IOException;
import java.util.Optional;

/** The JSON body and the X-Amz-Target operation of a JSON-protocol request. */
final class JsonBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBodies() {
    }

    static JsonNode body(HttpRequestView request) {
        if (request.body().length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(request.body());
            if (node == null || !node.isObject()) {
                throw new UnreadableRequest("the request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new UnreadableRequest("the request body is not JSON");
        }
    }

    /** The operation after the dot of {@code X-Amz-Target: Prefix.Operation}, if the prefix is the service's. */
    static String operation(HttpRequestView request, String prefix) {
        Optional<String> target = request.header("x-amz-target");
        if (target.isEmpty() || !target.get().startsWith(prefix + ".")) {
            throw new UnreadableRequest("X-Amz-Target must name a " + prefix + " operation");
        }
        return target.get().substring(prefix.length() + 1);
    }

    static String required(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new UnreadableRequest(field + " is required");
        }
        return value.asText();
    }

    static Optional<String> optional(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
