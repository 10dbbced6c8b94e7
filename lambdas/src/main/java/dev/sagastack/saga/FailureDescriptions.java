package dev.sagastack.saga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * Turns the {@code Cause} Step Functions recorded for a failed Lambda task (the function's error
 * document as a JSON string) into the sentence an operator reads on the order.
 */
public final class FailureDescriptions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FailureDescriptions() {
    }

    /** The error document's {@code errorMessage}, or the cause as given when it is not such a document. */
    public static String message(String cause) {
        if (cause == null || cause.isBlank()) {
            return "";
        }
        String trimmed = cause.trim();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(trimmed);
                JsonNode message = node == null ? null : node.get("errorMessage");
                if (message != null && message.isTextual()) {
                    return message.asText();
                }
            } catch (IOException e) {
                // not an error document: keep the text as it is
            }
        }
        return trimmed;
    }
}
