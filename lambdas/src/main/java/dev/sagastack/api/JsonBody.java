package dev.sagastack.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request body parsed as one JSON object, with typed accessors that name the offending field
 * ({@code items[2].quantity}) in a 400 when a value is missing or of the wrong type. Numbers must be
 * JSON integers: {@code 1.5} and {@code "1"} are refused, never rounded or coerced.
 */
public final class JsonBody {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode node;
    private final String prefix;

    private JsonBody(JsonNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    static JsonBody parse(String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "InvalidJson", "the body is not valid JSON: " + e.getOriginalMessage(), "body");
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(400, "InvalidJson", "the body must be a JSON object", "body");
        }
        return new JsonBody(node, "");
    }

    public String requiredString(String name) {
        return optionalString(name).orElseThrow(() -> ApiException.badRequest(path(name), path(name) + " is required"));
    }

    public Optional<String> optionalString(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(path(name), path(name) + " must be a string");
        }
        if (value.asText().isBlank()) {
            throw ApiException.badRequest(path(name), path(name) + " must not be blank");
        }
        return Optional.of(value.asText());
    }

    /** A string usable as a key component ({@code [A-Za-z0-9._:@+-]}, 1-128 characters). */
    public String requiredId(String name) {
        return Ids.check(path(name), requiredString(name));
    }

    public long requiredLong(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw ApiException.badRequest(path(name), path(name) + " is required");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ApiException.badRequest(path(name), path(name) + " must be an integer");
        }
        return value.asLong();
    }

    public long requiredPositiveLong(String name) {
        long value = requiredLong(name);
        if (value <= 0) {
            throw ApiException.badRequest(path(name), path(name) + " must be positive, was " + value);
        }
        return value;
    }

    public List<JsonBody> requiredObjects(String name, int min, int max) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw ApiException.badRequest(path(name), path(name) + " is required");
        }
        if (!value.isArray()) {
            throw ApiException.badRequest(path(name), path(name) + " must be an array");
        }
        if (value.size() < min || value.size() > max) {
            throw ApiException.badRequest(path(name), path(name) + " must have " + min + " to " + max
                    + " entries, has " + value.size());
        }
        List<JsonBody> objects = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String at = path(name) + "[" + i + "]";
            if (!value.get(i).isObject()) {
                throw ApiException.badRequest(at, at + " must be an object");
            }
            objects.add(new JsonBody(value.get(i), at + "."));
        }
        return objects;
    }

    /** The full name of a field of this object, for messages and the {@code field} of an error. */
    public String path(String name) {
        return prefix + name;
    }
}
