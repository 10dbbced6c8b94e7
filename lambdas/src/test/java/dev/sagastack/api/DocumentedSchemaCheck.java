package dev.sagastack.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a JSON value against a schema of the OpenAPI document, for the keywords the document uses ({@code $ref}
 * within the document, {@code allOf}, {@code type} including {@code "null"}, {@code enum}, {@code required},
 * {@code properties}, {@code additionalProperties: false}, {@code items}, {@code minimum}/{@code maximum}); an
 * unknown keyword fails the check, so the document cannot outgrow it unnoticed.
 */
final class DocumentedSchemaCheck {

    private static final Set<String> KNOWN = Set.of("$ref", "allOf", "type", "enum", "required", "properties",
            "additionalProperties", "items", "minimum", "maximum", "minItems", "maxItems", "minLength", "maxLength",
            "pattern", "format", "description", "default");

    private final JsonNode document;

    DocumentedSchemaCheck(JsonNode document) {
        this.document = document;
    }

    /** Follows a {@code #/...} reference of the document. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            current = document.at(current.get("$ref").asText().substring(1));
            if (current.isMissingNode()) {
                throw new AssertionError("unresolved " + node);
            }
        }
        return current;
    }

    List<String> violations(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        return problems;
    }

    private void check(JsonNode schemaOrRef, JsonNode value, String at, List<String> problems) {
        JsonNode schema = resolve(schemaOrRef);
        schema.fieldNames().forEachRemaining(keyword -> {
            if (!KNOWN.contains(keyword)) {
                problems.add(at + ": the check does not know keyword " + keyword);
            }
        });
        schema.path("allOf").forEach(part -> check(part, value, at, problems));
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            problems.add(at + ": " + value + " is not of type " + schema.get("type"));
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                problems.add(at + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isObject()) {
            schema.path("required").forEach(name -> {
                if (!value.has(name.asText())) {
                    problems.add(at + ": missing " + name.asText());
                }
            });
            JsonNode properties = schema.path("properties");
            value.fieldNames().forEachRemaining(name -> {
                if (properties.has(name)) {
                    check(properties.get(name), value.get(name), at + "." + name, problems);
                } else if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean()) {
                    problems.add(at + ": undocumented property " + name);
                }
            });
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), at + "[" + i + "]", problems);
            }
        }
        if (value.isNumber() && schema.has("minimum") && value.asLong() < schema.get("minimum").asLong()) {
            problems.add(at + ": " + value + " is below " + schema.get("minimum"));
        }
        if (value.isNumber() && schema.has("maximum") && value.asLong() > schema.get("maximum").asLong()) {
            problems.add(at + ": " + value + " is above " + schema.get("maximum"));
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (typeMatches(one, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> false;
        };
    }
}
