package dev.sagastack.local.twin.clients;

import dev.sagastack.awsjson.AwsJsonRpc;
import dev.sagastack.config.SdkHttp;
import dev.sagastack.config.SfnJsonClient;
import dev.sagastack.local.stepfunctions.InvocationResult;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;
import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

import java.time.Instant;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link SfnJsonClient} (the functions' Step Functions client) and the SDK's own client, side by side against the
 * local Step Functions engine: the calls the functions make (StartExecution, DescribeExecution) and the ones an
 * operator's tooling makes answer the same model objects and the same exceptions (Step Functions API reference,
 * "StartExecution": a name in use by a closed execution, or by one with other input, is ExecutionAlreadyExists).
 */
class SfnJsonClientTest {

    private static final String DEFINITION = """
            {"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
              "Parameters":{"FunctionName":"work","Payload.$":"$"},"OutputPath":"$.Payload","End":true}}}""";

    private StepFunctionsEngine engine;
    private StepFunctionsServer server;
    private SfnClient ours;
    private SfnClient sdk;
    private String stateMachineArn;

    @BeforeEach
    void start() {
        engine = StepFunctionsEngine.builder().virtualTime(Instant.parse("2026-01-01T00:00:00Z"))
                .lambdaInvoker((name, payload, context) -> InvocationResult.success("{\"done\":" + payload + "}")).build();
        server = StepFunctionsServer.start(engine, 0);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y"));
        ours = new SfnJsonClient(new AwsJsonRpc(SfnJsonClient.SERVICE, SdkHttp::current, Region.US_EAST_1,
                server.endpoint(), credentials, operation -> { }));
        sdk = SdkHttp.configure(SfnClient.builder()).region(Region.US_EAST_1).endpointOverride(server.endpoint())
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
        stateMachineArn = sdk.createStateMachine(r -> r.name("OrderSaga").definition(DEFINITION)
                .roleArn("arn:aws:iam::123456789012:role/saga")).stateMachineArn();
    }

    @AfterEach
    void stop() {
        ours.close();
        sdk.close();
        server.close();
        engine.close();
    }

    private <R extends SdkPojo> R same(Function<SfnClient, R> call) {
        R mine = call.apply(ours);
        R theirs = call.apply(sdk);
        assertThat(mine.equalsBySdkFields(theirs)).as("%s equals %s", mine, theirs).isTrue();
        return mine;
    }

    @Test
    void executionsStartedAndReadThroughEitherClientAreTheSame() throws InterruptedException {
        String arn = ours.startExecution(r -> r.stateMachineArn(stateMachineArn).name("order-1").input("{\"orderId\":\"1\"}"))
                .executionArn();
        assertThat(arn).isEqualTo(stateMachineArn.replace(":stateMachine:", ":execution:") + ":order-1");
        for (int i = 0; i < 100 && ours.describeExecution(r -> r.executionArn(arn)).status() == ExecutionStatus.RUNNING; i++) {
            Thread.sleep(20);
        }
        var described = same(c -> c.describeExecution(r -> r.executionArn(arn)));
        assertThat(described.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(described.output()).isEqualTo("{\"done\":{\"orderId\":\"1\"}}");
        assertThat(described.startDate()).isNotNull();
        same(c -> c.getExecutionHistory(r -> r.executionArn(arn)));
        same(c -> c.listExecutions(r -> r.stateMachineArn(stateMachineArn)));
        same(c -> c.describeStateMachine(r -> r.stateMachineArn(stateMachineArn)));
    }

    @Test
    void refusalsAreTheSameExceptions() {
        ours.startExecution(r -> r.stateMachineArn(stateMachineArn).name("order-2").input("{\"orderId\":\"2\"}"));

        Function<SfnClient, ExecutionAlreadyExistsException> otherInput = c -> catchThrowableOfType(() -> c.startExecution(
                r -> r.stateMachineArn(stateMachineArn).name("order-2").input("{\"orderId\":\"other\"}")),
                ExecutionAlreadyExistsException.class);
        assertThat(otherInput.apply(ours)).isNotNull();
        assertThat(otherInput.apply(ours).awsErrorDetails().errorMessage())
                .isEqualTo(otherInput.apply(sdk).awsErrorDetails().errorMessage());

        Function<SfnClient, StateMachineDoesNotExistException> noMachine = c -> catchThrowableOfType(() -> c.startExecution(
                r -> r.stateMachineArn(stateMachineArn + "-gone").name("x")), StateMachineDoesNotExistException.class);
        assertThat(noMachine.apply(ours).statusCode()).isEqualTo(noMachine.apply(sdk).statusCode()).isEqualTo(400);

        Function<SfnClient, ExecutionDoesNotExistException> noExecution = c -> catchThrowableOfType(() -> c.describeExecution(
                r -> r.executionArn(stateMachineArn.replace(":stateMachine:", ":execution:") + ":nobody")),
                ExecutionDoesNotExistException.class);
        assertThat(noExecution.apply(ours).awsErrorDetails().errorCode()).isEqualTo("ExecutionDoesNotExist");

        Function<SfnClient, SfnException> badArn = c -> catchThrowableOfType(() -> c.describeExecution(
                r -> r.executionArn("not-an-arn")), SfnException.class);
        assertThat(badArn.apply(ours)).isInstanceOf(InvalidArnException.class);
        assertThat(badArn.apply(sdk)).isInstanceOf(InvalidArnException.class);
    }
}
