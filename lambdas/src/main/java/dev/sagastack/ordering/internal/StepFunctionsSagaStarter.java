package dev.sagastack.ordering.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.config.AppConfig;
import dev.sagastack.ordering.ExecutionConflict;
import dev.sagastack.ordering.SagaStarter;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * StartExecution with the order id as execution name. Step Functions answers a repeated start of a
 * Standard workflow with the same name and input with the original execution while it runs, and with
 * ExecutionAlreadyExists once it closed or when the input differs (StartExecution, AWS Step Functions
 * API Reference). A closed execution with the same input is the same order: nothing more to start.
 */
public final class StepFunctionsSagaStarter implements SagaStarter {

    private final Supplier<SfnClient> clients;
    private final AppConfig.OrderSaga stateMachine;

    /**
     * @param client asked at each start (a container's client built at its first start, not before a
     *               request that starts nothing)
     */
    public StepFunctionsSagaStarter(Supplier<SfnClient> client, AppConfig.OrderSaga stateMachine) {
        this.clients = Objects.requireNonNull(client, "client");
        this.stateMachine = Objects.requireNonNull(stateMachine, "stateMachine");
    }

    @Override
    public void start(String executionName, String inputJson) {
        SfnClient client = clients.get();
        try {
            client.startExecution(b -> b.stateMachineArn(stateMachine.stateMachineArn()).name(executionName).input(inputJson));
        } catch (ExecutionAlreadyExistsException e) {
            DescribeExecutionResponse existing = client.describeExecution(b -> b.executionArn(executionArn(executionName)));
            if (!sameJson(existing.input(), inputJson)) {
                throw new ExecutionConflict("order " + executionName + " was already started with a different request");
            }
        }
    }

    @Override
    public String executionArn(String executionName) {
        return stateMachine.executionArn(executionName);
    }

    private static boolean sameJson(String a, String b) {
        try {
            return a != null && Json.MAPPER.readTree(a).equals(Json.MAPPER.readTree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** Set up only when a start meets an existing execution. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
