package dev.sagastack.local.twin.gateway;

import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.Decision;
import dev.sagastack.local.iam.Principal;
import dev.sagastack.local.twin.access.TwinAccess;
import dev.sagastack.local.twin.cloudformation.Deployment;
import dev.sagastack.local.twin.lambda.FunctionArns;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether API Gateway may invoke the integration's function for a route: the function's resource-based policy (the
 * template's AWS::Lambda::Permission) must allow {@code apigateway.amazonaws.com} {@code lambda:InvokeFunction} on the
 * function ARN the integration names, with {@code aws:SourceArn} the route's
 * {@code arn:aws:execute-api:region:account:apiId/stage/METHOD/path} (the route key's path, as the permissions CDK
 * writes for an HTTP API integration expect it). Without it an HTTP API answers {@code 500 Internal Server Error}
 * and logs the integration error (API Gateway Developer Guide, "Troubleshooting issues with HTTP API Lambda
 * integrations").
 * <p>
 * The templates do not change while the twin runs, so an allowed route is remembered and costs one set lookup
 * afterwards; a refused one is evaluated again each time so that every refusal is logged and listed as a denial.
 */
public final class IntegrationPermission {

    public static final String API_GATEWAY = "apigateway.amazonaws.com";
    // what an HTTP API's access log shows as $context.integrationErrorMessage for a missing invoke permission
    static final String INTEGRATION_ERROR = "The IAM role configured on the integration or API Gateway doesn't have "
            + "permissions to call the integration. Check the permissions and try again.";

    private static final Logger LOG = System.getLogger(IntegrationPermission.class.getName());

    private final Optional<TwinAccess> access;
    private final String routeArnPrefix;
    private final String functionArn;
    private final Principal apiGateway;
    private final Set<String> allowed = ConcurrentHashMap.newKeySet();

    private IntegrationPermission(Optional<TwinAccess> access, String routeArnPrefix, String functionArn, Principal apiGateway) {
        this.access = access;
        this.routeArnPrefix = routeArnPrefix;
        this.functionArn = functionArn;
        this.apiGateway = apiGateway;
    }

    /**
     * @param functionArn the function ARN the integration invokes (qualified when it names an alias)
     */
    public static IntegrationPermission of(TwinAccess access, String region, String accountId, String apiId,
                                           String stage, String functionArn) {
        return new IntegrationPermission(Optional.of(access), "arn:aws:execute-api:" + region + ":" + accountId + ":"
                + apiId + "/" + stage + "/", functionArn, Principal.service(API_GATEWAY, accountId));
    }

    /** The permission of the stage's API to invoke its integration's function. */
    public static IntegrationPermission forStage(Deployment deployment, TwinAccess access, String functionArn) {
        return of(access, FunctionArns.REGION, FunctionArns.ACCOUNT_ID, TemplateRouteRules.apiId(deployment, access),
                TemplateRouteRules.stageName(deployment), functionArn);
    }

    /** No check at all: a gateway built without access control (tests of the gateway alone). */
    public static IntegrationPermission unchecked() {
        return new IntegrationPermission(Optional.empty(), "", "", Principal.service(API_GATEWAY, ""));
    }

    /** The execute-api ARN API Gateway passes as source for a route key such as {@code GET /orders/{id}}. */
    String sourceArn(String routeKey, String requestMethod) {
        int space = routeKey.indexOf(' ');
        if (space < 0) {
            // the $default route has no method or path of its own
            return routeArnPrefix + routeKey;
        }
        String method = routeKey.substring(0, space);
        return routeArnPrefix + ("ANY".equals(method) ? requestMethod : method) + routeKey.substring(space + 1);
    }

    /** Whether API Gateway may invoke the function for this route; always true with {@code --iam off}. */
    public boolean allows(String routeKey, String requestMethod) {
        if (access.isEmpty() || !access.get().enforced()) {
            return true;
        }
        String sourceArn = sourceArn(routeKey, requestMethod);
        if (allowed.contains(sourceArn)) {
            return true;
        }
        Decision decision = access.get().authorize(apiGateway, List.of(new AuthorizationRequest("lambda:InvokeFunction",
                functionArn, Map.of("aws:SourceArn", List.of(sourceArn),
                "aws:SourceAccount", List.of(apiGateway.accountId())))));
        if (decision.allowed()) {
            allowed.add(sourceArn);
            return true;
        }
        LOG.log(Level.WARNING, () -> routeKey + ": integrationError \"" + INTEGRATION_ERROR + "\" (" + decision.reason()
                + ")");
        return false;
    }
}
