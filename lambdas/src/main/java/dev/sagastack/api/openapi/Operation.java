package dev.sagastack.api.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.pagination.PageRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the document says about one route of the catalog besides its method and path: what it is for, what it
 * reads (path and query parameters, headers, body) and what it answers. Statuses every route shares (400, 403,
 * 500, 503, and 413 with a body) are added by {@link OpenApiDocument}.
 *
 * @param pathParameters one for each {@code {name}} of the route's path template
 * @param refusals       the route's own error answers beside the shared ones (404, 409, 503 Busy)
 */
record Operation(String operationId, String tag, String summary, String description,
                 List<Parameter> pathParameters, List<Parameter> query, Optional<Body> body,
                 boolean idempotencyKey, Success success, List<Refusal> refusals) {

    /** A path or query string parameter as the handler reads it. */
    record Parameter(String name, boolean required, ObjectNode schema, String description) {
    }

    /** A JSON request body: the named schema and an example a handler accepts as far as validation goes. */
    record Body(String schema, ObjectNode example) {
    }

    /** The success answer; {@code location} when it carries a Location header naming the new resource. */
    record Success(int status, String description, String schema, boolean location) {
    }

    /** An error answer with an {@code ErrorBody} whose {@code error} is one of {@code codes}. */
    record Refusal(int status, String description, List<String> codes) {
    }

    /** {@code Paging.DEFAULT_LIMIT}. */
    static final int DEFAULT_PAGE_LIMIT = 25;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Builder named(String operationId, String tag, String summary) {
        return new Builder(operationId, tag, summary);
    }

    /** Reads like the route's documentation; unset parts are empty. */
    static final class Builder {
        private final String operationId;
        private final String tag;
        private final String summary;
        private String description = "";
        private final List<Parameter> pathParameters = new ArrayList<>();
        private final List<Parameter> query = new ArrayList<>();
        private Optional<Body> body = Optional.empty();
        private boolean idempotencyKey;
        private Success success;
        private final List<Refusal> refusals = new ArrayList<>();

        private Builder(String operationId, String tag, String summary) {
            this.operationId = operationId;
            this.tag = tag;
            this.summary = summary;
        }

        Builder description(String text) {
            description = text;
            return this;
        }

        /** An id in the path: what {@code Ids.check} accepts. */
        Builder path(String name, String text) {
            pathParameters.add(new Parameter(name, true, JsonSchemas.id(""), text));
            return this;
        }

        Builder path(String name, String text, int maxLength) {
            pathParameters.add(new Parameter(name, true, JsonSchemas.id("").put("maxLength", maxLength), text));
            return this;
        }

        Builder query(String name, boolean required, ObjectNode schema, String text) {
            query.add(new Parameter(name, required, schema, text));
            return this;
        }

        Builder body(String schema, String exampleJson) {
            try {
                body = Optional.of(new Body(schema, (ObjectNode) MAPPER.readTree(exampleJson)));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("example of " + operationId + " is not JSON", e);
            }
            return this;
        }

        Builder idempotencyKey() {
            idempotencyKey = true;
            return this;
        }

        Builder answers(int status, String schema, String text) {
            success = new Success(status, text, schema, false);
            return this;
        }

        /** A listing: {@code ?limit=&cursor=} as {@code Paging} reads them, answering one page of {@code item}s. */
        Builder pages(String item, String text) {
            query("limit", false, JsonSchemas.JSON.objectNode().put("type", "integer").put("minimum", 1)
                    .put("maximum", PageRequest.MAX_LIMIT).put("default", DEFAULT_PAGE_LIMIT), "Items per page.");
            query("cursor", false, JsonSchemas.string(""), "The nextCursor of the previous page; opaque, and refused "
                    + "with 400 naming cursor when forged, altered or from another listing.");
            return answers(200, Schemas.pageOf(item), text);
        }

        Builder creates(int status, String schema, String text) {
            success = new Success(status, text, schema, true);
            return this;
        }

        Builder notFound(String text) {
            refusals.add(new Refusal(404, text, List.of("NotFound")));
            return this;
        }

        Builder conflict(String text, String... codes) {
            refusals.add(new Refusal(409, text, List.of(codes)));
            return this;
        }

        Builder busy(String text) {
            refusals.add(new Refusal(503, text, List.of("Busy", "ServiceUnavailable")));
            return this;
        }

        Operation build() {
            if (success == null) {
                throw new IllegalStateException(operationId + " has no success answer");
            }
            return new Operation(operationId, tag, summary, description, List.copyOf(pathParameters), List.copyOf(query),
                    body, idempotencyKey, success, List.copyOf(refusals));
        }
    }
}
