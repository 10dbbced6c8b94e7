package dev.sagastack.local.iam.actions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.AwsService;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.ServiceActionResolver;

import java.util.List;
import java.util.Set;

/**
 * Step Functions operations ("Actions, resources, and condition keys for AWS Step Functions"):
 * the action is states:&lt;Operation&gt; (StartSyncExecution is states:StartSyncExecution), on the
 * execution ARN when the call names one, else on the state machine (or its version or alias)
 * ARN, else on "*" for account-wide calls such as ListStateMachines and task tokens.
 */
public final class StepFunctionsActions implements ServiceActionResolver {

    private static final String PREFIX = "AWSStepFunctions";
    private static final Set<String> ACCOUNT_WIDE = Set.of("ListStateMachines", "ListActivities",
            "SendTaskSuccess", "SendTaskFailure", "SendTaskHeartbeat", "ValidateStateMachineDefinition", "TestState");

    @Override
    public AwsService service() {
        return AwsService.STEP_FUNCTIONS;
    }

    @Override
    public List<AuthorizationRequest> resolve(HttpRequestView request, ResourceScope scope) {
        String operation = JsonBodies.operation(request, PREFIX);
        JsonNode body = JsonBodies.body(request);
        String action = "states:" + operation;
        if (ACCOUNT_WIDE.contains(operation)) {
            return List.of(new AuthorizationRequest(action, "*"));
        }
        if (operation.equals("CreateStateMachine")) {
            return List.of(new AuthorizationRequest(action, "arn:aws:states:" + scope.region() + ":"
                    + scope.accountId() + ":stateMachine:" + JsonBodies.required(body, "name")));
        }
        if (operation.equals("CreateActivity")) {
            return List.of(new AuthorizationRequest(action, "arn:aws:states:" + scope.region() + ":"
                    + scope.accountId() + ":activity:" + JsonBodies.required(body, "name")));
        }
        if (operation.equals("CreateStateMachineAlias")) {
            // on the alias ARN it creates: the routed versions' state machine ARN and the alias name
            String version = body.path("routingConfiguration").path(0).path("stateMachineVersionArn").asText("");
            int versionSuffix = version.lastIndexOf(':');
            if (versionSuffix < 0) {
                throw new UnreadableRequest("operation CreateStateMachineAlias names no state machine version");
            }
            return List.of(new AuthorizationRequest(action, version.substring(0, versionSuffix) + ":"
                    + JsonBodies.required(body, "name")));
        }
        for (String field : List.of("executionArn", "stateMachineArn", "stateMachineAliasArn",
                "stateMachineVersionArn", "resourceArn", "mapRunArn", "activityArn")) {
            if (body.hasNonNull(field)) {
                return List.of(new AuthorizationRequest(action, JsonBodies.required(body, field)));
            }
        }
        throw new UnreadableRequest("operation " + operation + " names no state machine or execution");
    }
}
