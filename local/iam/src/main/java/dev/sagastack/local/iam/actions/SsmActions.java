package dev.sagastack.local.iam.actions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.AwsService;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.ServiceActionResolver;

import java.util.ArrayList;
import java.util.List;

/**
 * Systems Manager Parameter Store ("Actions, resources, and condition keys for AWS Systems
 * Manager"): ssm:GetParameter/GetParameters/PutParameter/DeleteParameter on
 * {@code arn:aws:ssm:region:account:parameter/<name without its leading slash>} (a version or label
 * selector after ':' is not part of the ARN); GetParametersByPath on the path's ARN.
 */
public final class SsmActions implements ServiceActionResolver {

    private static final String PREFIX = "AmazonSSM";

    @Override
    public AwsService service() {
        return AwsService.SSM;
    }

    @Override
    public List<AuthorizationRequest> resolve(HttpRequestView request, ResourceScope scope) {
        String operation = JsonBodies.operation(request, PREFIX);
        JsonNode body = JsonBodies.body(request);
        String action = "ssm:" + operation;
        return switch (operation) {
            case "GetParameter", "PutParameter", "DeleteParameter", "GetParameterHistory" ->
                    List.of(new AuthorizationRequest(action, parameterArn(scope, JsonBodies.required(body, "Name"))));
            case "GetParametersByPath" ->
                    List.of(new AuthorizationRequest(action, parameterArn(scope, JsonBodies.required(body, "Path"))));
            case "GetParameters", "DeleteParameters" -> {
                JsonNode names = body.get("Names");
                if (names == null || !names.isArray() || names.isEmpty()) {
                    throw new UnreadableRequest("Names is required");
                }
                List<AuthorizationRequest> out = new ArrayList<>();
                names.forEach(n -> out.add(new AuthorizationRequest(action, parameterArn(scope, n.asText()))));
                yield out;
            }
            case "DescribeParameters" -> List.of(new AuthorizationRequest(action, "*"));
            default -> throw new UnreadableRequest("operation " + operation + " is not authorized by the local twin");
        };
    }

    static String parameterArn(ResourceScope scope, String name) {
        if (name.startsWith("arn:")) {
            return name;
        }
        int selector = name.indexOf(':');
        String bare = selector < 0 ? name : name.substring(0, selector);
        String path = bare.startsWith("/") ? bare.substring(1) : bare;
        return "arn:aws:ssm:" + scope.region() + ":" + scope.accountId() + ":parameter/" + path;
    }
}
