package dev.sagastack.api.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Small builders for the JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) of the API's bodies.
 * A value that may be {@code null} has the type {@code [type, "null"]}: OpenAPI 3.1 dropped {@code nullable}.
 */
final class JsonSchemas {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** What {@code Keys.component} accepts for an id in a path or a body. */
    static final String ID_PATTERN = "^[A-Za-z0-9._:@+-]{1,128}$";

    private JsonSchemas() {
    }

    static ObjectNode string(String description) {
        return typed("string", description);
    }

    static ObjectNode text(String description, int maxLength) {
        return string(description).put("minLength", 1).put("maxLength", maxLength);
    }

    static ObjectNode id(String description) {
        return string(description).put("pattern", ID_PATTERN);
    }

    static ObjectNode currency() {
        return string("ISO 4217 currency code, e.g. EUR").put("pattern", "^[A-Z]{3}$");
    }

    static ObjectNode timestamp(String description) {
        return string(description).put("format", "date-time");
    }

    static ObjectNode int64(String description) {
        return typed("integer", description).put("format", "int64");
    }

    static ObjectNode enumeration(String description, List<String> values) {
        ObjectNode schema = string(description);
        ArrayNode list = schema.putArray("enum");
        values.forEach(list::add);
        return schema;
    }

    static ObjectNode nullable(ObjectNode schema) {
        String type = schema.path("type").asText();
        ArrayNode types = JSON.arrayNode().add(type).add("null");
        schema.set("type", types);
        return schema;
    }

    static ObjectNode array(ObjectNode items, String description) {
        ObjectNode schema = typed("array", description);
        schema.set("items", items);
        return schema;
    }

    static ObjectNode ref(String schemaName) {
        return JSON.objectNode().put("$ref", "#/components/schemas/" + schemaName);
    }

    static ObjectBuilder object(String description) {
        return new ObjectBuilder(description);
    }

    private static ObjectNode typed(String type, String description) {
        ObjectNode schema = JSON.objectNode().put("type", type);
        if (!description.isEmpty()) {
            schema.put("description", description);
        }
        return schema;
    }

    /** An object schema; {@link #closed()} when no properties other than those named ever appear. */
    static final class ObjectBuilder {
        private final ObjectNode schema;
        private final ObjectNode properties = JSON.objectNode();
        private final List<String> required = new ArrayList<>();
        private boolean closed;

        private ObjectBuilder(String description) {
            schema = typed("object", description);
        }

        ObjectBuilder required(String name, ObjectNode property) {
            required.add(name);
            properties.set(name, property);
            return this;
        }

        ObjectBuilder optional(String name, ObjectNode property) {
            properties.set(name, property);
            return this;
        }

        /** Responses are closed (the views write exactly these keys); requests are not: unknown fields are ignored. */
        ObjectBuilder closed() {
            closed = true;
            return this;
        }

        ObjectNode build() {
            schema.set("properties", properties);
            if (!required.isEmpty()) {
                ArrayNode list = schema.putArray("required");
                required.forEach(list::add);
            }
            if (closed) {
                schema.put("additionalProperties", false);
            }
            return schema;
        }
    }
}
