package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import dev.sagastack.local.stepfunctions.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TestExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TestStateResponse;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResponse;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResultCode;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionSeverity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real AWS SDK v2 SfnClient against the engine's HTTP API (Step Functions API Reference). */
class HttpApiTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/sfn";
    private static TestEngine t;
    private static StepFunctionsServer server;
    private static SfnClient sfn;
    private static final CompletableFuture<String> TOKEN = new CompletableFuture<>();

    @BeforeAll
    static void start() {
        t = new TestEngine();
        t.function("callback", (payload, ctx) -> {
            TOKEN.complete(ctx.taskToken().orElseThrow());
            return InvocationResult.success("{}");
        });
        server = StepFunctionsServer.start(t.engine, 0);
        sfn = SfnClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .httpClient(UrlConnectionHttpClient.create())
                // StartSyncExecution's "sync-" host prefix cannot resolve against 127.0.0.1
                .overrideConfiguration(c -> c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
    }

    @AfterAll
    static void stop() {
        sfn.close();
        server.close();
        t.close();
    }

    private static String create(String name, String definition) {
        CreateStateMachineResponse r = sfn.createStateMachine(b -> b.name(name).definition(definition).roleArn(ROLE));
        return r.stateMachineArn();
    }

    private static DescribeExecutionResponse await(String arn) {
        t.engine.awaitExecution(arn, Duration.ofSeconds(10));
        return sfn.describeExecution(b -> b.executionArn(arn));
    }

    @Test
    void createStartDescribeAndReadHistory() {
        String sm = create("orders", "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":{\"ok\":true},"
                + "\"End\":true}}}");
        assertThat(sm).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:orders");
        assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(sm)).definition()).contains("\"Pass\"");
        StartExecutionResponse started = sfn.startExecution(b -> b.stateMachineArn(sm).name("o-1").input("{\"a\":1}"));
        assertThat(started.executionArn()).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:orders:o-1");
        DescribeExecutionResponse d = await(started.executionArn());
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(d.output()).isEqualTo("{\"ok\":true}");
        assertThat(d.input()).isEqualTo("{\"a\":1}");
        GetExecutionHistoryResponse h = sfn.getExecutionHistory(b -> b.executionArn(started.executionArn()));
        assertThat(h.events()).extracting(HistoryEvent::type).containsExactly(HistoryEventType.EXECUTION_STARTED,
                HistoryEventType.PASS_STATE_ENTERED, HistoryEventType.PASS_STATE_EXITED,
                HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(h.events().get(0).executionStartedEventDetails().input()).isEqualTo("{\"a\":1}");
        assertThat(h.events().get(0).timestamp()).isEqualTo(d.startDate());
        assertThat(h.events().get(1).stateEnteredEventDetails().name()).isEqualTo("P");
        assertThat(h.events().get(1).previousEventId()).isEqualTo(0L);
        assertThat(h.events().get(2).previousEventId()).isEqualTo(2L);
        assertThat(h.events().get(3).executionSucceededEventDetails().output()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void startExecutionIsIdempotentForTheSameNameAndInputWhileRunning() {
        String sm = create("idem", "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Task\",\"Resource\":"
                + "\"arn:aws:states:::lambda:invoke.waitForTaskToken\",\"Parameters\":{\"FunctionName\":\"nobody\"},"
                + "\"End\":true}}}");
        t.function("nobody", (p, c) -> InvocationResult.success("{}"));
        String a = sfn.startExecution(b -> b.stateMachineArn(sm).name("same").input("{\"x\":1}")).executionArn();
        String again = sfn.startExecution(b -> b.stateMachineArn(sm).name("same").input("{\"x\":1}")).executionArn();
        assertThat(again).isEqualTo(a);
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(sm).name("same").input("{\"x\":2}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
        sfn.stopExecution(b -> b.executionArn(a).error("Cancelled").cause("by test"));
        DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(a));
        assertThat(d.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(d.error()).isEqualTo("Cancelled");
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(sm).name("same").input("{\"x\":1}")))
                .as("a closed execution's name cannot be reused")
                .isInstanceOf(ExecutionAlreadyExistsException.class);
        assertThat(sfn.getExecutionHistory(b -> b.executionArn(a).reverseOrder(true)).events().get(0).type())
                .isEqualTo(HistoryEventType.EXECUTION_ABORTED);
    }

    @Test
    void historyPagesWithNextTokenAndReverseOrder() {
        StringBuilder states = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            states.append(i == 0 ? "" : ",").append("\"S").append(i).append("\":{\"Type\":\"Pass\",")
                    .append(i == 9 ? "\"End\":true}" : "\"Next\":\"S" + (i + 1) + "\"}");
        }
        String sm = create("paged", "{\"StartAt\":\"S0\",\"States\":{" + states + "}}");
        String arn = sfn.startExecution(b -> b.stateMachineArn(sm)).executionArn();
        await(arn);
        List<HistoryEvent> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String tok = token;
            GetExecutionHistoryResponse p = sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(7).nextToken(tok));
            all.addAll(p.events());
            token = p.nextToken();
            pages++;
        } while (token != null);
        assertThat(all).hasSize(22);
        assertThat(pages).isEqualTo(4);
        assertThat(all).extracting(HistoryEvent::id).isSorted();
        List<HistoryEvent> reversed = sfn.getExecutionHistory(b -> b.executionArn(arn).reverseOrder(true)).events();
        assertThat(reversed.get(0).id()).isEqualTo(22L);
        assertThat(sfn.getExecutionHistory(b -> b.executionArn(arn).includeExecutionData(false)).events().get(0)
                .executionStartedEventDetails().input()).isNull();
    }

    @Test
    void listExecutionsNewestFirstWithStatusFilterAndPagination() {
        String sm = create("listed", "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":1,\"End\":true}}}");
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            String arn = sfn.startExecution(b -> b.stateMachineArn(sm).name("e" + n)).executionArn();
            arns.add(arn);
            await(arn);
        }
        ListExecutionsResponse first = sfn.listExecutions(b -> b.stateMachineArn(sm).maxResults(3));
        assertThat(first.executions()).extracting(e -> e.name()).containsExactly("e4", "e3", "e2");
        ListExecutionsResponse second = sfn.listExecutions(b -> b.stateMachineArn(sm).maxResults(3)
                .nextToken(first.nextToken()));
        assertThat(second.executions()).extracting(e -> e.name()).containsExactly("e1", "e0");
        assertThat(second.nextToken()).isNull();
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(sm).statusFilter(ExecutionStatus.RUNNING)).executions())
                .isEmpty();
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(sm).statusFilter(ExecutionStatus.SUCCEEDED))
                .executions()).hasSize(5);
    }

    @Test
    void errorsHaveTheDocumentedTypes() {
        assertThatThrownBy(() -> sfn.describeStateMachine(b -> b.stateMachineArn(
                "arn:aws:states:us-east-1:123456789012:stateMachine:none")))
                .isInstanceOf(StateMachineDoesNotExistException.class)
                .hasMessageContaining("State Machine Does Not Exist");
        assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn(
                "arn:aws:states:us-east-1:123456789012:execution:none:x")))
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn("not-an-arn")))
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.createStateMachine(b -> b.name("bad name!").roleArn(ROLE)
                .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}")))
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> sfn.createStateMachine(b -> b.name("broken").roleArn(ROLE)
                .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Next\":\"Nope\"}}}")))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next'"
                        + " target: Nope at /States/P/Next");
        assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken("unknown-token").output("{}")))
                .isInstanceOf(TaskDoesNotExistException.class);
    }

    @Test
    void sendTaskSuccessCompletesAWaitingTask() throws Exception {
        String sm = create("callbacks", "{\"StartAt\":\"Ask\",\"States\":{\"Ask\":{\"Type\":\"Task\",\"Resource\":"
                + "\"arn:aws:states:::lambda:invoke.waitForTaskToken\",\"Parameters\":{\"FunctionName\":\"callback\","
                + "\"Payload\":{\"t.$\":\"$$.Task.Token\"}},\"HeartbeatSeconds\":600,\"End\":true}}}");
        String arn = sfn.startExecution(b -> b.stateMachineArn(sm)).executionArn();
        String token = TOKEN.get(10, TimeUnit.SECONDS);
        sfn.sendTaskHeartbeat(b -> b.taskToken(token));
        sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"done\":1}"));
        assertThat(await(arn).output()).isEqualTo("{\"done\":1}");
    }

    @Test
    void startSyncExecutionRunsAnExpressStateMachine() {
        String sm = sfn.createStateMachine(b -> b.name("express").roleArn(ROLE).type(StateMachineType.EXPRESS)
                .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Parameters\":{\"v.$\":\"$.n\"},"
                        + "\"End\":true}}}")).stateMachineArn();
        StartSyncExecutionResponse r = sfn.startSyncExecution(b -> b.stateMachineArn(sm).input("{\"n\":5}"));
        assertThat(r.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
        assertThat(r.output()).isEqualTo("{\"v\":5}");
        assertThat(r.executionArn()).contains(":express:express:");
    }

    @Test
    void validateStateMachineDefinitionReportsDiagnostics() {
        ValidateStateMachineDefinitionResponse ok = sfn.validateStateMachineDefinition(b -> b.definition(
                "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}"));
        assertThat(ok.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.OK);
        ValidateStateMachineDefinitionResponse bad = sfn.validateStateMachineDefinition(b -> b.definition("{}"));
        assertThat(bad.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
        assertThat(bad.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("SCHEMA_VALIDATION_FAILED");
            assertThat(d.message()).isEqualTo("These fields are required: [States, StartAt]");
            assertThat(d.location()).isEqualTo("/");
        });
    }

    /** ValidateStateMachineDefinition API reference: maxResults (0 is the default 100, the most) and truncated. */
    @Test
    void validateStateMachineDefinitionReturnsAtMostMaxResultsAndSaysItTruncated() {
        String threeUnreachable = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"},"
                + "\"B\":{\"Type\":\"Succeed\"},\"C\":{\"Type\":\"Succeed\"},\"D\":{\"Type\":\"Succeed\"}}}";
        ValidateStateMachineDefinitionResponse two = sfn.validateStateMachineDefinition(b -> b.definition(threeUnreachable)
                .maxResults(2));
        assertThat(two.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
        assertThat(two.diagnostics()).extracting(d -> d.location()).containsExactly("/States/B", "/States/C");
        assertThat(two.truncated()).isTrue();
        ValidateStateMachineDefinitionResponse all = sfn.validateStateMachineDefinition(b -> b.definition(threeUnreachable)
                .maxResults(0).severity(ValidateStateMachineDefinitionSeverity.WARNING));
        assertThat(all.diagnostics()).hasSize(3).allSatisfy(d -> assertThat(d.severityAsString()).isEqualTo("ERROR"));
        assertThat(all.truncated()).isFalse();
        assertThatThrownBy(() -> sfn.validateStateMachineDefinition(b -> b.definition(threeUnreachable).maxResults(101)))
                .isInstanceOf(SfnException.class).hasMessageContaining("less than or equal to 100");
    }

    @Test
    void testStateRunsOneStateAndNamesTheNextState() {
        TestStateResponse r = sfn.testState(b -> b.roleArn(ROLE).input("{\"a\":{\"b\":2}}").definition(
                "{\"Type\":\"Pass\",\"InputPath\":\"$.a\",\"Next\":\"Later\"}"));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(r.output())).isEqualTo(Json.parse("{\"b\":2}"));
        assertThat(r.nextState()).isEqualTo("Later");
        TestStateResponse caught = sfn.testState(b -> b.roleArn(ROLE).input("{}").definition(
                "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":"
                        + "\"missing\"},\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"Handler\"}],\"End\":true}"));
        assertThat(caught.status()).isEqualTo(TestExecutionStatus.CAUGHT_ERROR);
        assertThat(caught.nextState()).isEqualTo("Handler");
        assertThat(caught.error()).isEqualTo("Lambda.ResourceNotFoundException");
    }

    @Test
    void historyDetailsDeserializeIntoTheSdkModel() {
        t.function("echo", (payload, ctx) -> InvocationResult.success(payload));
        String sm = create("details", """
                {"QueryLanguage":"JSONata","StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":30,
                       "Arguments":{"FunctionName":"echo","Payload":{"n":1}},"Assign":{"x":"{% $states.result.Payload.n %}"},
                       "Next":"M"},
                  "M":{"Type":"Map","Items":[1,2],"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},
                       "Next":"Bad"},
                  "Bad":{"Type":"Pass","Output":"{% $nothing %}","End":true}}}""");
        String arn = sfn.startExecution(b -> b.stateMachineArn(sm)).executionArn();
        await(arn);
        List<HistoryEvent> events = sfn.getExecutionHistory(b -> b.executionArn(arn)).events();
        HistoryEvent scheduled = events.stream().filter(e -> e.type() == HistoryEventType.TASK_SCHEDULED).findFirst()
                .orElseThrow();
        assertThat(scheduled.taskScheduledEventDetails().resourceType()).isEqualTo("lambda");
        assertThat(scheduled.taskScheduledEventDetails().timeoutInSeconds()).isEqualTo(30L);
        assertThat(Json.parse(scheduled.taskScheduledEventDetails().parameters()))
                .isEqualTo(Json.parse("{\"FunctionName\":\"echo\",\"Payload\":{\"n\":1}}"));
        HistoryEvent exited = events.stream().filter(e -> e.type() == HistoryEventType.TASK_STATE_EXITED).findFirst()
                .orElseThrow();
        assertThat(exited.stateExitedEventDetails().assignedVariables()).containsEntry("x", "1");
        assertThat(events.stream().filter(e -> e.type() == HistoryEventType.MAP_STATE_STARTED).findFirst().orElseThrow()
                .mapStateStartedEventDetails().length()).isEqualTo(2);
        assertThat(events.stream().filter(e -> e.type() == HistoryEventType.MAP_ITERATION_STARTED)
                .map(e -> e.mapIterationStartedEventDetails().index())).containsExactly(0, 1);
        HistoryEvent evaluation = events.stream().filter(e -> e.type() == HistoryEventType.EVALUATION_FAILED)
                .findFirst().orElseThrow();
        assertThat(evaluation.evaluationFailedEventDetails().location()).isEqualTo("Output");
        assertThat(evaluation.evaluationFailedEventDetails().state()).isEqualTo("Bad");
        assertThat(events.get(events.size() - 1).executionFailedEventDetails().error())
                .isEqualTo("States.QueryEvaluationError");
    }
}
