package dev.sagastack.local.iam.actions;

import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.ServiceActionResolver.ResourceScope;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Service Authorization Reference, "Actions, resources, and condition keys for AWS Step Functions": the resource each
 * operation is authorized on, for the operations whose request names no ARN field of its own.
 */
class StepFunctionsActionsTest {

    private static final ResourceScope SCOPE = new ResourceScope("us-east-1", "000000000000");
    private static final String MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:orders";

    @Test
    void anAliasIsCreatedOnItsOwnArnFromTheRoutedVersionsMachine() {
        assertThat(resolve("CreateStateMachineAlias", """
                {"name":"live","routingConfiguration":[{"stateMachineVersionArn":"%s:3","weight":100}]}""".formatted(MACHINE)))
                .containsExactly(new AuthorizationRequest("states:CreateStateMachineAlias", MACHINE + ":live", Map.of()));
    }

    @Test
    void versionsAndActivitiesAreAuthorizedOnTheirArns() {
        assertThat(resolve("DeleteStateMachineVersion", "{\"stateMachineVersionArn\":\"" + MACHINE + ":2\"}"))
                .containsExactly(new AuthorizationRequest("states:DeleteStateMachineVersion", MACHINE + ":2", Map.of()));
        assertThat(resolve("CreateActivity", "{\"name\":\"approve\"}")).containsExactly(new AuthorizationRequest(
                "states:CreateActivity", "arn:aws:states:us-east-1:000000000000:activity:approve", Map.of()));
    }

    private static List<AuthorizationRequest> resolve(String operation, String body) {
        HttpRequestView request = new HttpRequestView("POST", "/", "",
                Map.of("x-amz-target", List.of("AWSStepFunctions." + operation)), body.getBytes(StandardCharsets.UTF_8));
        return new StepFunctionsActions().resolve(request, SCOPE);
    }
}
