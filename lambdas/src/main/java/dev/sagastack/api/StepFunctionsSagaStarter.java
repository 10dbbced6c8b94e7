package dev.sagastack.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

import java.util.Objects;

/**
 * StartExecution with the order id as execution name. Step Functions answers a repeated start of a
 * Standard workflow with the same name and input with the original execution while it runs, and with
 * ExecutionAlreadyExists once it closed or when the input differs (StartExecution, AWS Step Functions
 * API Reference). A closed execution with the same input is the same order: its ARN is returned.
 */
public final class StepFunctionsSagaStarter implements SagaStarter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SfnClient client;
    private final String stateMachineArn;

    public StepFunctionsSagaStarter(SfnClient client, String stateMachineArn) {
        this.client = Objects.requireNonNull(client, "client");
        this.stateMachineArn = Objects.requireNonNull(stateMachineArn, "stateMachineArn");
    }

    @Override
    public String start(String executionName, String inputJson) {
        try {
            return client.startExecution(b -> b.stateMachineArn(stateMachineArn).name(executionName).input(inputJson))
                    .executionArn();
        } catch (ExecutionAlreadyExistsException e) {
            String executionArn = executionArn(executionName);
            DescribeExecutionResponse existing = client.describeExecution(b -> b.executionArn(executionArn));
            if (sameJson(existing.input(), inputJson)) {
                return existing.executionArn();
            }
            throw ApiException.conflict("ExecutionConflict", "order " + executionName
                    + " was already started with a different request", "Idempotency-Key");
        }
    }

    /** {@code arn:aws:states:region:account:stateMachine:Name} → {@code ...:execution:Name:executionName}. */
    String executionArn(String executionName) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + executionName;
    }

    private static boolean sameJson(String a, String b) {
        try {
            return a != null && JSON.readTree(a).equals(JSON.readTree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
