package dev.sagastack.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.util.Optional;

/**
 * One JSON value kept as its text (a stored event's payload), checked once on Jackson's streaming parser;
 * {@link RecordJson} writes it as that value, compact, not as a string. No tree and no data binding: a
 * response that embeds a stored document sets up no {@code ObjectMapper}.
 */
public record JsonDocument(String text) {

    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** The text as a document when it is exactly one JSON value (no duplicate names, nothing after it). */
    public static Optional<JsonDocument> of(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try (JsonParser parser = STRICT.createParser(text)) {
            if (parser.nextToken() == null) {
                return Optional.empty();
            }
            parser.skipChildren();
            return parser.nextToken() == null ? Optional.of(new JsonDocument(text)) : Optional.empty();
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    void write(JsonGenerator generator) throws IOException {
        try (JsonParser parser = STRICT.createParser(text)) {
            parser.nextToken();
            generator.copyCurrentStructure(parser);
        }
    }
}
