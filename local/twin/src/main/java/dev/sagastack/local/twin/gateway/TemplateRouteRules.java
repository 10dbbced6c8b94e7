package dev.sagastack.local.twin.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.local.iam.actions.ExecuteApiActions;
import dev.sagastack.local.twin.access.TwinAccess;
import dev.sagastack.local.twin.cloudformation.Deployment;
import dev.sagastack.local.twin.cloudformation.Deployment.Resource;
import dev.sagastack.local.twin.cloudformation.TemplateException;
import dev.sagastack.local.twin.stage.StageWiring.RouteSpec;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API's route authorization as the stage's template declares it: each AWS::ApiGatewayV2::Route's
 * {@code AuthorizationType}, and for {@code JWT} its AWS::ApiGatewayV2::Authorizer's {@code JwtConfiguration}
 * (issuer, audience) and {@code IdentitySource}. Route ARNs name the API id the access model gives the API, the
 * value the roles' policies resolve {@code Ref} of it to.
 */
public final class TemplateRouteRules {

    private TemplateRouteRules() {
    }

    /** The API's id in route ARNs and events: what {@code Ref} of the stage's AWS::ApiGatewayV2::Api resolves to. */
    public static String apiId(Deployment deployment, TwinAccess access) {
        return deployment.resources("AWS::ApiGatewayV2::Api").stream().findFirst()
                .map(Deployment.Resource::physicalId)
                .orElse("localapi01");
    }

    /** The stage name route ARNs carry ({@code $default} for the HTTP API's default stage). */
    public static String stageName(Deployment deployment) {
        return deployment.resources("AWS::ApiGatewayV2::Stage").stream().findFirst()
                .map(stage -> stage.properties().path("StageName").asText("$default")).orElse("$default");
    }

    public static RouteAuthorization of(Deployment deployment, List<RouteSpec> routes, TwinAccess access,
                                        LocalJwks keys, Clock clock) {
        Map<String, RouteAuthorization.Rule> rules = new LinkedHashMap<>();
        for (RouteSpec route : routes) {
            rules.put(route.routeKey(), rule(deployment, route, keys, clock));
        }
        return new RouteAuthorization(rules, access.enforcing(),
                new ExecuteApiActions(apiId(deployment, access), stageName(deployment)));
    }

    /** The JWT authorizers of the stage (issuer and audiences), for the local token endpoint. */
    public static List<JwtAuthorizer> jwtAuthorizers(Deployment deployment, LocalJwks keys, Clock clock) {
        List<JwtAuthorizer> out = new ArrayList<>();
        for (Resource r : deployment.resources("AWS::ApiGatewayV2::Authorizer")) {
            if ("JWT".equals(r.properties().path("AuthorizerType").asText())) {
                out.add(jwt(r, keys, clock));
            }
        }
        return out;
    }

    private static RouteAuthorization.Rule rule(Deployment deployment, RouteSpec route, LocalJwks keys, Clock clock) {
        switch (route.authorizationType()) {
            case "AWS_IAM":
                return new RouteAuthorization.Rule.Iam();
            case "NONE":
                return new RouteAuthorization.Rule.None();
            case "JWT":
                String id = route.authorizerId().orElseThrow(() -> new TemplateException("route " + route.routeKey()
                        + " is JWT-authorized but names no AuthorizerId"));
                Resource authorizer = deployment.byPhysicalId("AWS::ApiGatewayV2::Authorizer", id).orElseThrow(() ->
                        new TemplateException("route " + route.routeKey() + " names authorizer " + id
                                + ", which the stage does not define"));
                return new RouteAuthorization.Rule.Jwt(jwt(authorizer, keys, clock));
            default:
                throw new TemplateException("route " + route.routeKey() + " has AuthorizationType "
                        + route.authorizationType() + "; the twin enforces AWS_IAM, JWT and NONE");
        }
    }

    private static JwtAuthorizer jwt(Resource authorizer, LocalJwks keys, Clock clock) {
        JsonNode p = authorizer.properties();
        JsonNode config = p.path("JwtConfiguration");
        List<String> audiences = new ArrayList<>();
        config.path("Audience").forEach(a -> audiences.add(a.asText()));
        String identitySource = Optional.ofNullable(p.path("IdentitySource").get(0)).map(JsonNode::asText)
                .orElse("$request.header.Authorization");
        String issuer = config.path("Issuer").asText("");
        if (issuer.isEmpty() || audiences.isEmpty()) {
            throw new TemplateException(authorizer.stack() + "/" + authorizer.logicalId()
                    + ": a JWT authorizer needs JwtConfiguration.Issuer and Audience");
        }
        return new JwtAuthorizer(issuer, audiences, identitySource, keys, clock);
    }
}
