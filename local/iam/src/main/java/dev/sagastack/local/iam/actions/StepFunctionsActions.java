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
        for (String field : List.of("executionArn", "stateMachineArn", "stateMachineAliasArn", "resourceArn",
                "mapRunArn", "activityArn")) {
            if (body.hasNonNull(field)) {
                return List.of(new AuthorizationRequest(action, JsonBodies.required(body, field)));
            }
        }
        throw new UnreadableRequest("operation " + operation + " names no state machine or execution");
    }
}
