package dev.sagastack.api.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.api.ApiRequest;
import dev.sagastack.api.HttpApiRoutes;
import dev.sagastack.api.HttpApiRoutes.Route;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.sagastack.api.openapi.JsonSchemas.JSON;

/**
 * The OpenAPI 3.1 document of the HTTP API of one stage, generated from the route catalog
 * {@link HttpApiRoutes#forStage} and each route's {@link RouteDocs documentation}: a stage without the order saga
 * documents neither the order nor the inventory routes, as it does not expose them. Authorization is IAM (SigV4)
 * on every route, as infra configures the API, in the form API Gateway's OpenAPI import reads
 * ({@code x-amazon-apigateway-authtype: awsSigv4}, "OpenAPI extensions to API Gateway", API Gateway Developer Guide).
 */
public final class OpenApiDocument {

    public static final String OPENAPI_VERSION = "3.1.0";
    public static final String TITLE = "sagastack HTTP API";
    /** The version of the API's contract (not of the build). */
    public static final String API_VERSION = "1.0.0";
    public static final String SECURITY_SCHEME = "sigv4";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OpenApiDocument() {
    }

    /** The document as pretty-printed JSON. */
    public static String forStage(boolean orderSaga) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree(orderSaga));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the document is not serializable", e);
        }
    }

    /**
     * The document as a JSON tree.
     *
     * @throws UndocumentedRoute when a route of the stage has no documentation or its parameters do not match
     *                           its path template
     */
    public static ObjectNode tree(boolean orderSaga) {
        ObjectNode document = JSON.objectNode().put("openapi", OPENAPI_VERSION);
        document.set("info", info());
        Set<String> tags = new LinkedHashSet<>();
        ObjectNode paths = JSON.objectNode();
        for (Route route : HttpApiRoutes.forStage(orderSaga)) {
            Operation operation = RouteDocs.of(route).orElseThrow(() -> new UndocumentedRoute(route.routeKey()
                    + " is in the route catalog but has no documentation"));
            ObjectNode path = paths.has(route.pathTemplate())
                    ? (ObjectNode) paths.get(route.pathTemplate()) : paths.putObject(route.pathTemplate());
            path.set(route.method().toLowerCase(Locale.ROOT), OperationJson.of(route, operation,
                    pathParameterNames(route.pathTemplate())));
            tags.add(operation.tag());
        }
        ArrayNode tagList = document.putArray("tags");
        tags.forEach(tag -> tagList.addObject().put("name", tag));
        document.putArray("security").addObject().putArray(SECURITY_SCHEME);
        document.set("paths", paths);
        document.set("components", components());
        return document;
    }

    /** The {@code {name}} segments of a path template, in order. */
    static List<String> pathParameterNames(String pathTemplate) {
        List<String> names = new ArrayList<>();
        Matcher matcher = PATH_PARAMETER.matcher(pathTemplate);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static ObjectNode info() {
        ObjectNode info = JSON.objectNode().put("title", TITLE).put("version", API_VERSION);
        info.put("description", """
                Orders (each starts the order saga on Step Functions), users, event-sourced bank accounts, a forum \
                and inventory. Every request is signed with AWS Signature Version 4 for the service `execute-api` \
                (IAM authorization). Money is an integer in minor units (cents) with an ISO 4217 currency.

                Every error the application answers has the JSON body `ErrorBody` \
                (`{"error","message","field"}`): `error` is a stable code, `field` names the request field, \
                parameter or header at fault or is null. A method a documented path does not have is answered \
                405 `MethodNotAllowed` with an `Allow` header. API Gateway itself answers 403 `{"message":"Forbidden"}` \
                to a request without a valid signature and 413 to a request over 10 MB.""");
        return info;
    }

    private static ObjectNode components() {
        ObjectNode components = JSON.objectNode();
        ObjectNode schemas = components.putObject("schemas");
        Schemas.all().forEach(schemas::set);
        ObjectNode responses = components.putObject("responses");
        responses.set(OperationJson.BAD_REQUEST, OperationJson.error("The request was refused before anything was written: "
                        + "ValidationError (a field, parameter or header is missing or invalid; field names it), InvalidJson "
                        + "(the body is not one JSON object), BodyTooLarge (over " + ApiRequest.MAX_BODY_BYTES + " bytes).",
                List.of("ValidationError", "InvalidJson", "BodyTooLarge")));
        responses.set(OperationJson.METHOD_NOT_ALLOWED, OperationJson.error("The path exists, the method does not; "
                + "Allow lists the methods it has.", List.of("MethodNotAllowed")));
        ((ObjectNode) responses.get(OperationJson.METHOD_NOT_ALLOWED)).putObject("headers")
                .set("Allow", headerRef("Allow"));
        responses.set(OperationJson.INTERNAL_ERROR, OperationJson.error("An unexpected error; nothing is known to "
                + "have been written. Retrying is safe where the route is idempotent.", List.of("InternalError")));
        responses.set(OperationJson.UNAVAILABLE, OperationJson.error("A dependency is throttled or unavailable; retry "
                + "after Retry-After seconds.", List.of("ServiceUnavailable")));
        ((ObjectNode) responses.get(OperationJson.UNAVAILABLE)).putObject("headers")
                .set("Retry-After", headerRef("Retry-After"));
        responses.set(OperationJson.FORBIDDEN, OperationJson.gateway("API Gateway refused the request's IAM "
                + "authorization (no or an invalid SigV4 signature, or no execute-api:Invoke permission)."));
        responses.set(OperationJson.TOO_LARGE, OperationJson.gateway("API Gateway refused a request over its "
                + "10 MB payload quota."));
        ObjectNode headers = components.putObject("headers");
        headers.putObject("Location").put("description", "The path of the created or accepted resource.")
                .set("schema", JsonSchemas.string(""));
        headers.putObject("Allow").put("description", "The methods the path has, comma-separated.")
                .set("schema", JsonSchemas.string(""));
        headers.putObject("Retry-After").put("description", "Seconds to wait before retrying.")
                .set("schema", JSON.objectNode().put("type", "integer"));
        ObjectNode parameters = components.putObject("parameters");
        parameters.set(IDEMPOTENCY_KEY, idempotencyKey());
        ObjectNode sigv4 = components.putObject("securitySchemes").putObject(SECURITY_SCHEME);
        sigv4.put("type", "apiKey").put("name", "Authorization").put("in", "header")
                .put("description", "AWS Signature Version 4 (service execute-api) with the caller's IAM credentials.")
                .put("x-amazon-apigateway-authtype", "awsSigv4");
        return components;
    }

    private static ObjectNode idempotencyKey() {
        ObjectNode parameter = JSON.objectNode().put("name", IDEMPOTENCY_KEY).put("in", "header").put("required", false)
                .put("description", "Makes the request safe to retry: the same key and body answer the same order "
                        + "and saga execution; the same key with another body is 409 IdempotencyKeyReused. Scoped to "
                        + "the user; leading and trailing blanks are ignored.");
        parameter.set("schema", JsonSchemas.string("").put("minLength", 1).put("maxLength", 256));
        return parameter;
    }

    private static ObjectNode headerRef(String name) {
        return JSON.objectNode().put("$ref", "#/components/headers/" + name);
    }

    /** A route of the catalog without documentation, or documented with other parameters than its path has. */
    public static final class UndocumentedRoute extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        UndocumentedRoute(String message) {
            super(message);
        }
    }
}
