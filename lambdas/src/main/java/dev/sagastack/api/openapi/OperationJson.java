package dev.sagastack.api.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.api.HttpApiRoutes.Route;

import java.util.ArrayList;
import java.util.List;

import static dev.sagastack.api.openapi.JsonSchemas.JSON;
import static dev.sagastack.api.openapi.JsonSchemas.ref;

/** One route's Operation Object: its documentation plus the answers every route shares. */
final class OperationJson {

    static final String BAD_REQUEST = "BadRequest";
    static final String METHOD_NOT_ALLOWED = "MethodNotAllowed";
    static final String INTERNAL_ERROR = "InternalError";
    static final String UNAVAILABLE = "ServiceUnavailable";
    static final String FORBIDDEN = "Forbidden";
    static final String TOO_LARGE = "PayloadTooLarge";

    private static final String JSON_TYPE = "application/json";

    private OperationJson() {
    }

    static ObjectNode of(Route route, Operation operation, List<String> templateParameters) {
        List<String> documented = operation.pathParameters().stream().map(Operation.Parameter::name).toList();
        if (!documented.equals(templateParameters)) {
            throw new OpenApiDocument.UndocumentedRoute(route.routeKey() + " has path parameters " + templateParameters
                    + " but its documentation describes " + documented);
        }
        ObjectNode json = JSON.objectNode().put("operationId", operation.operationId());
        json.putArray("tags").add(operation.tag());
        json.put("summary", operation.summary());
        if (!operation.description().isEmpty()) {
            json.put("description", operation.description());
        }
        ArrayNode parameters = JSON.arrayNode();
        operation.pathParameters().forEach(p -> parameters.add(parameter(p, "path")));
        operation.query().forEach(p -> parameters.add(parameter(p, "query")));
        if (operation.idempotencyKey()) {
            parameters.addObject().put("$ref", "#/components/parameters/" + OpenApiDocument.IDEMPOTENCY_KEY);
        }
        if (!parameters.isEmpty()) {
            json.set("parameters", parameters);
        }
        operation.body().ifPresent(body -> {
            ObjectNode media = json.putObject("requestBody").put("required", true)
                    .putObject("content").putObject(JSON_TYPE);
            media.set("schema", ref(body.schema()));
            media.set("example", body.example());
        });
        json.set("responses", responses(operation));
        return json;
    }

    private static ObjectNode responses(Operation operation) {
        ObjectNode responses = JSON.objectNode();
        Operation.Success success = operation.success();
        ObjectNode ok = responses.putObject(Integer.toString(success.status())).put("description", success.description());
        if (success.location()) {
            ok.putObject("headers").putObject("Location").put("$ref", "#/components/headers/Location");
        }
        ok.putObject("content").putObject(JSON_TYPE).set("schema", ref(success.schema()));
        responses.set("400", named(BAD_REQUEST));
        responses.set("403", named(FORBIDDEN));
        boolean busy = false;
        for (Operation.Refusal refusal : operation.refusals()) {
            String status = Integer.toString(refusal.status());
            if (responses.has(status)) {
                throw new IllegalStateException(operation.operationId() + " documents " + status + " twice");
            }
            responses.set(status, error(refusal.description(), refusal.codes()));
            busy |= refusal.status() == 503;
        }
        if (operation.body().isPresent()) {
            responses.set("413", named(TOO_LARGE));
        }
        responses.set("500", named(INTERNAL_ERROR));
        if (!busy) {
            responses.set("503", named(UNAVAILABLE));
        }
        return sorted(responses);
    }

    /** A response with an {@code ErrorBody} whose {@code error} is one of {@code codes}. */
    static ObjectNode error(String description, List<String> codes) {
        ObjectNode response = JSON.objectNode().put("description", description);
        ObjectNode schema = response.putObject("content").putObject(JSON_TYPE).putObject("schema");
        ArrayNode allOf = schema.putArray("allOf");
        allOf.add(ref(Schemas.ERROR_BODY));
        ArrayNode values = allOf.addObject().putObject("properties").putObject("error").putArray("enum");
        codes.forEach(values::add);
        return response;
    }

    /** A response API Gateway answers before the function runs. */
    static ObjectNode gateway(String description) {
        ObjectNode response = JSON.objectNode().put("description", description);
        response.putObject("content").putObject(JSON_TYPE).set("schema", ref(Schemas.GATEWAY_MESSAGE));
        return response;
    }

    private static ObjectNode parameter(Operation.Parameter p, String in) {
        ObjectNode json = JSON.objectNode().put("name", p.name()).put("in", in).put("required", p.required())
                .put("description", p.description());
        json.set("schema", p.schema());
        return json;
    }

    private static ObjectNode named(String response) {
        return JSON.objectNode().put("$ref", "#/components/responses/" + response);
    }

    private static ObjectNode sorted(ObjectNode responses) {
        ObjectNode ordered = JSON.objectNode();
        List<String> statuses = new ArrayList<>();
        responses.fieldNames().forEachRemaining(statuses::add);
        statuses.stream().sorted().forEach(status -> ordered.set(status, responses.get(status)));
        return ordered;
    }
}
