package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.StateMachineTypeNotSupportedException;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Express workflows through the real SDK (API reference: StartSyncExecution, CreateStateMachine
 * type EXPRESS, ListExecutions and RedriveExecution "not supported by EXPRESS state machines";
 * Developer Guide "Choosing workflow type": five minutes at most, no .sync, .waitForTaskToken or
 * activities).
 */
class ExpressWorkflowsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/r";
    private static StepFunctionsEngine engine;
    private static StepFunctionsServer server;
    private static SfnClient sfn;

    @BeforeAll
    static void start() {
        engine = StepFunctionsEngine.builder().virtualTime(Instant.parse("2025-01-01T00:00:00Z")).build();
        server = StepFunctionsServer.start(engine, 0);
        sfn = SfnClients.of(server.endpoint());
    }

    @AfterAll
    static void stop() {
        sfn.close();
        server.close();
        engine.close();
    }

    private static String express(String name, String definition) {
        return sfn.createStateMachine(b -> b.name(name).roleArn(ROLE).type(StateMachineType.EXPRESS)
                .definition(definition)).stateMachineArn();
    }

    @Test
    void startSyncExecutionWorksThroughTheSyncHostPrefixTheSdkAdds() {
        String sm = express("quick", "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                + "\"Parameters\":{\"sum.$\":\"States.MathAdd($.a, $.b)\"},\"End\":true}}}");
        List<String> resolved = new CopyOnWriteArrayList<>();
        URI endpoint = URI.create("http://localhost:" + server.port());
        // the SDK calls sync-localhost:<port>; this resolver stands in for the DNS record AWS has
        try (SfnClient prefixed = SfnClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .httpClient(ApacheHttpClient.builder().dnsResolver(host -> {
                    resolved.add(host);
                    return new InetAddress[] {InetAddress.getLoopbackAddress()};
                }).build()).build()) {
            StartSyncExecutionResponse r = prefixed.startSyncExecution(b -> b.stateMachineArn(sm)
                    .input("{\"a\":2,\"b\":3}"));
            assertThat(r.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
            assertThat(r.output()).isEqualTo("{\"sum\":5}");
            assertThat(r.executionArn()).contains(":express:quick:");
        }
        assertThat(resolved).contains("sync-localhost");
    }

    @Test
    void refusesIntegrationPatternsAndActivitiesExpressDoesNotSupport() {
        String callback = "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":"
                + "\"arn:aws:states:::lambda:invoke.waitForTaskToken\",\"Parameters\":{\"FunctionName\":\"f\"},\"End\":true}}}";
        assertThatThrownBy(() -> express("callback", callback)).isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("Express state machine does not support '.waitForTaskToken' service integration"
                        + " at /States/T/Resource");
        String nestedSync = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\",\"End\":true,\"Branches\":["
                + "{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Task\",\"Resource\":"
                + "\"arn:aws:states:::states:startExecution.sync:2\",\"Parameters\":{\"StateMachineArn\":\"x\"},"
                + "\"End\":true}}}]}}}";
        assertThatThrownBy(() -> express("nested", nestedSync)).isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("'.sync' service integration");
        String activity = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":"
                + "\"arn:aws:states:us-east-1:123456789012:activity:review\",\"End\":true}}}";
        assertThatThrownBy(() -> express("activity", activity)).isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("Activities");
        assertThat(sfn.createStateMachine(b -> b.name("callback").roleArn(ROLE).definition(callback)).stateMachineArn())
                .as("a Standard workflow may wait for a callback").endsWith(":callback");
    }

    @Test
    void asyncExpressExecutionsStopAfterFiveMinutes() {
        String sm = express("slow", "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":400,"
                + "\"End\":true}}}");
        ExecutionInfo started = engine.startExecution(sm, null, "{}");
        assertThat(started.executionArn()).contains(":express:slow:");
        ExecutionInfo done = engine.awaitExecution(started.executionArn(), Duration.ofSeconds(10));
        assertThat(done.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(Duration.between(done.startDate(), done.stopDate().orElseThrow())).isEqualTo(Duration.ofMinutes(5));

        assertThatThrownBy(() -> sfn.listExecutions(b -> b.stateMachineArn(sm)))
                .isInstanceOf(StateMachineTypeNotSupportedException.class);
        assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(started.executionArn())))
                .isInstanceOf(ExecutionNotRedrivableException.class);
    }
    /**
     * DescribeExecution, StopExecution, GetExecutionHistory and DescribeStateMachineForExecution API
     * references: not supported by EXPRESS state machines; AWS answers an express execution's ARN
     * with InvalidArn "Resource type not valid in this context: express". Express ARNs carry an id
     * after the name, so a second start with the same name is a new execution (StartExecution is
     * idempotent for STANDARD workflows only).
     */
    @Test
    void standardOnlyOperationsRefuseAnExpressExecutionArn() {
        String sm = express("noHistory", "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}");
        String first = sfn.startExecution(b -> b.stateMachineArn(sm).name("same").input("{}")).executionArn();
        String second = sfn.startExecution(b -> b.stateMachineArn(sm).name("same").input("{\"other\":1}")).executionArn();
        assertThat(first).matches("arn:aws:states:us-east-1:\\d{12}:express:noHistory:same:[0-9a-f-]{36}");
        assertThat(second).isNotEqualTo(first).startsWith(sm.replace(":stateMachine:", ":express:") + ":same:");
        assertThat(engine.awaitExecution(first, Duration.ofSeconds(10)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        String message = "Invalid Arn: 'Resource type not valid in this context: express'";
        assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn(first)))
                .isInstanceOf(InvalidArnException.class).hasMessageContaining(message);
        assertThatThrownBy(() -> sfn.getExecutionHistory(b -> b.executionArn(first)))
                .isInstanceOf(InvalidArnException.class).hasMessageContaining(message);
        assertThatThrownBy(() -> sfn.stopExecution(b -> b.executionArn(second)))
                .isInstanceOf(InvalidArnException.class).hasMessageContaining(message);
        assertThatThrownBy(() -> sfn.describeStateMachineForExecution(b -> b.executionArn(first)))
                .isInstanceOf(InvalidArnException.class).hasMessageContaining(message);
        assertThat(engine.getExecutionHistory(first)).as("the engine keeps the run for hosts such as the console")
                .extracting(HistoryEvent::type).endsWith("ExecutionSucceeded");
    }
}
