package dev.sagastack.local.twin.gateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.iam.AccessControl;
import dev.sagastack.local.iam.AwsService;
import dev.sagastack.local.iam.Decision;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.Principal;
import dev.sagastack.local.iam.ServiceError;
import dev.sagastack.local.iam.actions.ExecuteApiActions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who may call each route of the HTTP API, as its template says (API Gateway Developer Guide, "Control and manage
 * access to HTTP APIs"): an {@code AWS_IAM} route needs a Signature Version 4 for {@code execute-api} by a principal
 * allowed {@code execute-api:Invoke} on the route's ARN ("Control access to HTTP APIs with IAM authorization"),
 * answered otherwise with 403 and API Gateway's {@code {"message": ...}}; a {@code JWT} route a token its
 * authorizer accepts ({@link JwtAuthorizer}); a {@code NONE} route anyone. With enforcement off every call passes.
 */
public final class RouteAuthorization {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");

    /** How one route is authorized (the route's {@code AuthorizationType}). */
    public sealed interface Rule {
        record None() implements Rule {
        }

        record Iam() implements Rule {
        }

        record Jwt(JwtAuthorizer authorizer) implements Rule {
        }
    }

    /** The outcome for one request: the event's {@code requestContext.authorizer}, or the refusal to send. */
    public sealed interface Outcome {
        record Authorized(Optional<ObjectNode> authorizer) implements Outcome {
        }

        record Refused(int status, List<Map.Entry<String, String>> headers, byte[] body) implements Outcome {
        }
    }

    private final Map<String, Rule> rules;
    private final Optional<AccessControl> access;
    private final ExecuteApiActions executeApi;

    /**
     * @param rules      the rule of every route key; a route without one is refused, never let through
     * @param access     the access control that verifies signatures and policies; empty when enforcement is off
     * @param executeApi the route ARNs of the API's id and stage
     */
    public RouteAuthorization(Map<String, Rule> rules, Optional<AccessControl> access, ExecuteApiActions executeApi) {
        this.rules = Map.copyOf(rules);
        this.access = access;
        this.executeApi = executeApi;
    }

    /** Every route open to anyone ({@code AuthorizationType: NONE}), as an API without authorizers is. */
    public static RouteAuthorization none(List<String> routeKeys) {
        Map<String, Rule> rules = new LinkedHashMap<>();
        routeKeys.forEach(key -> rules.put(key, new Rule.None()));
        return new RouteAuthorization(rules, Optional.empty(), new ExecuteApiActions("local", "$default"));
    }

    public boolean enforced() {
        return access.isPresent();
    }

    public Outcome authorize(GatewayRequest request, String routeKey) {
        Rule rule = rules.get(routeKey);
        if (access.isEmpty()) {
            return new Outcome.Authorized(Optional.empty());
        }
        if (rule instanceof Rule.Iam) {
            return iam(request);
        }
        if (rule instanceof Rule.Jwt jwt) {
            return jwt.authorizer().authorize(request);
        }
        if (rule instanceof Rule.None) {
            return new Outcome.Authorized(Optional.empty());
        }
        // a route whose authorization the twin cannot tell is refused, never let through
        return new Outcome.Refused(403, List.of(Map.entry("content-type", "application/json"),
                Map.entry("x-amzn-ErrorType", "ForbiddenException")),
                "{\"message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8));
    }

    private Outcome iam(GatewayRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.computeIfAbsent(header.getKey(), h -> new ArrayList<>()).add(header.getValue());
        }
        HttpRequestView view = new HttpRequestView(request.method(), request.rawPath(), request.rawQueryString(),
                headers, request.body());
        Decision decision = access.get().authorize(view, executeApi);
        if (!decision.allowed()) {
            ServiceError error = decision.error(AwsService.EXECUTE_API);
            List<Map.Entry<String, String>> out = new ArrayList<>();
            out.add(Map.entry("content-type", error.contentType()));
            error.headers().forEach((name, value) -> out.add(Map.entry(name, value)));
            return new Outcome.Refused(error.status(), out, error.body().getBytes(StandardCharsets.UTF_8));
        }
        Principal principal = ((Decision.Allowed) decision).principal();
        return new Outcome.Authorized(Optional.of(iamContext(principal, accessKey(view))));
    }

    /** {@code requestContext.authorizer.iam} of the payload 2.0 event for the signing principal. */
    private static ObjectNode iamContext(Principal principal, String accessKey) {
        ObjectNode authorizer = NODES.objectNode();
        ObjectNode iam = authorizer.putObject("iam");
        String userId = principal.kind() == Principal.Kind.ADMINISTRATOR ? principal.accountId()
                : principal.roleName().orElse("") + ":" + principal.sessionName().orElse("");
        iam.put("accessKey", accessKey);
        iam.put("accountId", principal.accountId());
        iam.put("callerId", userId);
        iam.putNull("cognitoIdentity");
        iam.putNull("principalOrgId");
        iam.put("userArn", principal.arn());
        iam.put("userId", userId);
        return authorizer;
    }

    private static String accessKey(HttpRequestView view) {
        String credential = view.header("authorization").orElse("");
        Matcher m = CREDENTIAL.matcher(credential);
        if (m.find()) {
            return m.group(1);
        }
        String presigned = view.rawQuery();
        int at = presigned.indexOf("X-Amz-Credential=");
        if (at < 0) {
            return "";
        }
        String value = presigned.substring(at + "X-Amz-Credential=".length());
        int end = value.indexOf("%2F");
        return end < 0 ? value : value.substring(0, end);
    }
}
