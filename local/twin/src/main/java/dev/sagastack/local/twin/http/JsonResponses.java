package dev.sagastack.local.twin.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.UncheckedIOException;

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
}
