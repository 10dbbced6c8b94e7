package dev.sagastack.saga;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Turns the {@code Cause} Step Functions recorded for a failed Lambda task (the function's error
 * document as a JSON string) into the sentence an operator reads on the order.
 */
public final class FailureDescriptions {

    private static final JsonFactory JSON = new JsonFactory();

    private FailureDescriptions() {
    }

    /** The error document's {@code errorMessage}, or the cause as given when it is not such a document. */
    public static String message(String cause) {
        if (cause == null || cause.isBlank()) {
            return "";
        }
        String trimmed = cause.trim();
        if (trimmed.startsWith("{")) {
            try (JsonParser parser = JSON.createParser(trimmed)) {
                // the document's top-level members only: a nested errorMessage is not the function's
                if (parser.nextToken() == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        JsonToken value = parser.nextToken();
                        if ("errorMessage".equals(name) && value == JsonToken.VALUE_STRING) {
                            return parser.getText();
                        }
                        parser.skipChildren();
                    }
                }
            } catch (IOException e) {
                // not an error document: keep the text as it is
            }
        }
        return trimmed;
    }
}
