package dev.sagastack.local.twin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** JSON bodies of the twin's own endpoints; errors use the application's shape {@code {"error","message","field"}}. */
public final class JsonResponses {

    public static final ObjectMapper JSON = new ObjectMapper();

    private JsonResponses() {
    }

    public static void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void error(Context ctx, int status, String code, String message, String field) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", code);
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        send(ctx, status, body);
    }

    /**
     * The request's JSON body ({@link MissingNode} when it is empty), or empty after answering 400 MalformedJson
     * when it is not JSON.
     */
    public static Optional<JsonNode> readBody(Context ctx) {
        try {
            JsonNode body = JSON.readTree(ctx.bodyAsBytes());
            return Optional.of(body == null ? MissingNode.getInstance() : body);
        } catch (IOException e) {
            error(ctx, 400, "MalformedJson", "request body is not valid JSON", null);
            return Optional.empty();
        }
    }

    /** The request's body when it is one JSON object, or empty after answering 400 as {@link #readBody} does. */
    public static Optional<JsonNode> readObject(Context ctx) {
        Optional<JsonNode> body = readBody(ctx);
        if (body.isPresent() && !body.get().isObject()) {
            error(ctx, 400, "ValidationError", "request body must be a JSON object", null);
            return Optional.empty();
        }
        return body;
    }
}
