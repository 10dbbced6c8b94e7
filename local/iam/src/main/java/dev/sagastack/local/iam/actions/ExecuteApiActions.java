package dev.sagastack.local.iam.actions;

import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.AwsService;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.ServiceActionResolver;

import java.util.List;

/**
 * A call to an HTTP API route with AWS_IAM authorization is execute-api:Invoke on
 * {@code arn:aws:execute-api:region:account:apiId/stage/METHOD/path} (API Gateway Developer Guide,
 * "Control access to HTTP APIs with IAM authorization"; for the $default stage the stage segment is
 * {@code $default}).
 */
public final class ExecuteApiActions implements ServiceActionResolver {

    private final String apiId;
    private final String stage;

    public ExecuteApiActions(String apiId, String stage) {
        this.apiId = apiId;
        this.stage = stage;
    }

    @Override
    public AwsService service() {
        return AwsService.EXECUTE_API;
    }

    @Override
    public List<AuthorizationRequest> resolve(HttpRequestView request, ResourceScope scope) {
        return List.of(new AuthorizationRequest("execute-api:Invoke", routeArn(scope, request.method(),
                request.rawPath())));
    }

    public String routeArn(ResourceScope scope, String method, String rawPath) {
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        return "arn:aws:execute-api:" + scope.region() + ":" + scope.accountId() + ":" + apiId + "/" + stage + "/"
                + method + "/" + path;
    }
}
