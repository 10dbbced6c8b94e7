package dev.sagastack.local.twin.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.twin.lambda.InvokeResult;
import dev.sagastack.local.twin.lambda.LambdaHost;
import dev.sagastack.local.twin.lambda.LambdaServiceException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An API Gateway HTTP API with one Lambda proxy integration (payload format 2.0): selects the route,
 * authorizes the call as the route's authorization type says ({@link RouteAuthorization}), invokes the function with the v2.0 event and maps its response as API Gateway does. Unknown routes get
 * API Gateway's {@code 404 {"message":"Not Found"}}, a failed function {@code 500 {"message":"Internal Server Error"}},
 * and so does a route whose function's resource-based policy does not let API Gateway invoke it
 * ({@link IntegrationPermission}).
 */
public final class HttpApiGateway {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NOT_FOUND = "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INTERNAL_ERROR = "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SERVICE_UNAVAILABLE = "{\"message\":\"Service Unavailable\"}".getBytes(StandardCharsets.UTF_8);

    private final RouteTable routes;
    private final RouteAuthorization authorization;
    private final HttpApiEvents events;
    private final LambdaHost lambdas;
    private final String functionName;
    private final IntegrationPermission permission;
    private final Clock clock;

    /** A gateway that invokes the function without checking its resource-based policy. */
    public HttpApiGateway(RouteTable routes, RouteAuthorization authorization, HttpApiEvents events, LambdaHost lambdas,
                          String functionName, Clock clock) {
        this(routes, authorization, events, lambdas, functionName, IntegrationPermission.unchecked(), clock);
    }

    public HttpApiGateway(RouteTable routes, RouteAuthorization authorization, HttpApiEvents events, LambdaHost lambdas,
                          String functionName, IntegrationPermission permission, Clock clock) {
        this.permission = permission;
        this.routes = routes;
        this.authorization = authorization;
        this.events = events;
        this.lambdas = lambdas;
        this.functionName = functionName;
        this.clock = clock;
    }

    public RouteTable routes() {
        return routes;
    }

    public GatewayResponse handle(GatewayRequest request, int localPort) {
        String requestId = HttpApiEvents.newRequestId();
        Optional<RouteTable.RouteMatch> route = routes.match(request.method(), decodePath(request.rawPath()));
        if (route.isEmpty()) {
            return json(404, NOT_FOUND, requestId);
        }
        // authorization is per route: an unknown route is 404 whoever asks, a known one is checked first
        RouteAuthorization.Outcome outcome = authorization.authorize(request, route.get().routeKey());
        if (outcome instanceof RouteAuthorization.Outcome.Refused refused) {
            List<Map.Entry<String, String>> headers = new ArrayList<>(refused.headers());
            headers.add(Map.entry("apigw-requestid", requestId));
            return new GatewayResponse(refused.status(), headers, refused.body());
        }
        Optional<ObjectNode> authorizer = ((RouteAuthorization.Outcome.Authorized) outcome).authorizer();
        if (!permission.allows(route.get().routeKey(), request.method())) {
            return json(500, INTERNAL_ERROR, requestId);
        }
        byte[] event;
        try {
            event = JSON.writeValueAsBytes(events.event(request, route.get(), authorizer, requestId, clock.instant(),
                    localPort));
        } catch (IOException e) {
            return json(500, INTERNAL_ERROR, requestId);
        }
        InvokeResult result;
        try {
            result = lambdas.invoke(functionName, event);
        } catch (LambdaServiceException e) {
            // a throttled function (reserved concurrency in use) is 503 Service Unavailable to the client
            return e.errorCode().equals("TooManyRequestsException")
                    ? json(503, SERVICE_UNAVAILABLE, requestId) : json(500, INTERNAL_ERROR, requestId);
        }
        if (result.failed()) {
            return json(500, INTERNAL_ERROR, requestId);
        }
        return response(result.payload(), requestId);
    }

    /**
     * Payload 2.0 response rules: an object with {@code statusCode} is used as is; any other valid JSON is
     * returned as a 200 {@code application/json} body.
     */
    private static GatewayResponse response(byte[] payload, String requestId) {
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (IOException e) {
            return json(500, INTERNAL_ERROR, requestId);
        }
        if (node == null || !node.isObject() || !node.has("statusCode")) {
            return json(200, payload, requestId);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        JsonNode headerNode = node.path("headers");
        headerNode.fields().forEachRemaining(h -> headers.add(Map.entry(h.getKey(), h.getValue().asText())));
        node.path("multiValueHeaders").fields().forEachRemaining(h -> h.getValue()
                .forEach(v -> headers.add(Map.entry(h.getKey(), v.asText()))));
        node.path("cookies").forEach(cookie -> headers.add(Map.entry("set-cookie", cookie.asText())));
        headers.add(Map.entry("apigw-requestid", requestId));
        JsonNode bodyNode = node.get("body");
        byte[] body;
        if (bodyNode == null || bodyNode.isNull()) {
            body = new byte[0];
        } else if (node.path("isBase64Encoded").asBoolean(false)) {
            body = Base64.getDecoder().decode(bodyNode.asText());
        } else {
            body = (bodyNode.isTextual() ? bodyNode.asText() : bodyNode.toString()).getBytes(StandardCharsets.UTF_8);
        }
        return new GatewayResponse(node.path("statusCode").asInt(500), headers, body);
    }

    private static GatewayResponse json(int status, byte[] body, String requestId) {
        return new GatewayResponse(status, List.of(Map.entry("content-type", "application/json"),
                Map.entry("apigw-requestid", requestId)), body);
    }

    /** Percent-decodes each path segment; in a path, unlike a query, '+' is a literal plus. */
    private static String decodePath(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            segments.add(HttpApiEvents.decode(segment.replace("+", "%2B")));
        }
        return String.join("/", segments);
    }
}
