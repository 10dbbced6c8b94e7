package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Heartbeats, task-token failures, execution timeouts, StopExecution and payload limits
 * ("Wait for a Callback with Task Token", "Handling errors", "Step Functions service quotas").
 */
class TimeoutsAndCallbacksTest {
    private static final String CALLBACK = """
            {"StartAt":"Ask","States":{"Ask":{"Type":"Task",
              "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters":{"FunctionName":"ask","Payload":{"token.$":"$$.Task.Token"}},
              "HeartbeatSeconds":60,"TimeoutSeconds":3600,
              "Catch":[{"ErrorEquals":["States.HeartbeatTimeout"],"ResultPath":"$.err","Next":"NoHeartbeat"}],
              "End":true},
             "NoHeartbeat":{"Type":"Pass","End":true}}}""";

    private static CompletableFuture<String> tokenCatcher(TestEngine t) {
        CompletableFuture<String> token = new CompletableFuture<>();
        t.function("ask", (payload, ctx) -> {
            token.complete(ctx.taskToken().orElseThrow());
            return InvocationResult.success("{}");
        });
        return token;
    }

    @Test
    void missingHeartbeatTimesTheTaskOutAsStatesTimeoutMatchedByHeartbeatTimeout() throws Exception {
        try (TestEngine t = new TestEngine()) {
            CompletableFuture<String> token = tokenCatcher(t);
            String sm = t.engine.createStateMachine("hb", CALLBACK).stateMachineArn();
            String arn = t.engine.startExecution(sm, "{}").executionArn();
            String tok = token.get(10, TimeUnit.SECONDS);
            t.engine.advanceTime(Duration.ofSeconds(50));
            t.engine.sendTaskHeartbeat(tok);
            t.engine.advanceTime(Duration.ofSeconds(50));
            assertThat(t.engine.describeExecution(arn).status()).as("heartbeat renewed the deadline")
                    .isEqualTo(ExecutionStatus.RUNNING);
            t.engine.advanceTime(Duration.ofSeconds(20));
            ExecutionInfo done = t.engine.awaitExecution(arn, Duration.ofSeconds(10));
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(Json.parse(done.output().orElseThrow())).isEqualTo(Json.parse("{\"err\":{\"Error\":\"States.Timeout\",\"Cause\":\"\"}}"));
            assertThat(t.engine.getExecutionHistory(arn)).extracting(HistoryEvent::type).contains("TaskTimedOut");
            assertThatThrownBy(() -> t.engine.sendTaskSuccess(tok, "{}"))
                    .isInstanceOf(StepFunctionsException.class)
                    .satisfies(e -> assertThat(((StepFunctionsException) e).code()).isEqualTo("TaskTimedOut"));
        }
    }

    @Test
    void sendTaskFailureFailsTheTaskWithTheGivenErrorAndCause() throws Exception {
        try (TestEngine t = new TestEngine()) {
            CompletableFuture<String> token = tokenCatcher(t);
            String sm = t.engine.createStateMachine("cbfail", CALLBACK).stateMachineArn();
            String arn = t.engine.startExecution(sm, "{}").executionArn();
            t.engine.sendTaskFailure(token.get(10, TimeUnit.SECONDS), "Failure error", "Failure cause");
            ExecutionInfo done = t.engine.awaitExecution(arn, Duration.ofSeconds(10));
            assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(done.error()).contains("Failure error");
            assertThat(done.cause()).contains("Failure cause");
            Map<String, Object> failed = t.engine.getExecutionHistory(arn).stream()
                    .filter(e -> e.type().equals("TaskFailed")).findFirst().orElseThrow().details();
            assertThat(failed).containsEntry("resource", "invoke.waitForTaskToken").containsEntry("error", "Failure error");
        }
    }

    @Test
    void stateMachineTimeoutSecondsTimesTheExecutionOut() throws Exception {
        try (TestEngine t = new TestEngine()) {
            tokenCatcher(t);
            String sm = t.engine.createStateMachine("deadline", """
                    {"TimeoutSeconds":300,"StartAt":"Ask","States":{"Ask":{"Type":"Task",
                      "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                      "Parameters":{"FunctionName":"ask"},"End":true}}}""").stateMachineArn();
            String arn = t.engine.startExecution(sm, "{}").executionArn();
            t.engine.advanceTime(Duration.ofSeconds(299));
            assertThat(t.engine.describeExecution(arn).status()).isEqualTo(ExecutionStatus.RUNNING);
            t.engine.advanceTime(Duration.ofSeconds(1));
            ExecutionInfo done = t.engine.awaitExecution(arn, Duration.ofSeconds(10));
            assertThat(done.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
            List<String> types = t.engine.getExecutionHistory(arn).stream().map(HistoryEvent::type).toList();
            assertThat(types.get(types.size() - 1)).isEqualTo("ExecutionTimedOut");
        }
    }

    @Test
    void stopExecutionAbortsAWaitingExecution() {
        try (TestEngine t = new TestEngine()) {
            tokenCatcher(t);
            String sm = t.engine.createStateMachine("stop", CALLBACK).stateMachineArn();
            String arn = t.engine.startExecution(sm, "{}").executionArn();
            t.engine.stopExecution(arn, "Cancelled", "operator request");
            ExecutionInfo e = t.engine.describeExecution(arn);
            assertThat(e.status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThat(e.stopDate()).isPresent();
            List<HistoryEvent> h = t.engine.getExecutionHistory(arn);
            assertThat(h.get(h.size() - 1).type()).isEqualTo("ExecutionAborted");
            assertThat(h.get(h.size() - 1).details()).containsEntry("error", "Cancelled")
                    .containsEntry("cause", "operator request");
        }
    }

    @Test
    void lambdaResultOverThePayloadLimitFailsTheTaskWithDataLimitExceeded() {
        try (TestEngine t = new TestEngine()) {
            String big = "\"" + "x".repeat(300_000) + "\"";
            t.function("big", (p, c) -> InvocationResult.success(big));
            TestEngine.Result r = t.run("""
                    {"StartAt":"InvokeLambda","States":{"InvokeLambda":{"Type":"Task",
                      "Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"big"},
                      "Catch":[{"ErrorEquals":["States.DataLimitExceeded"],"Next":"HandleDataLimitExceeded"}],
                      "End":true},"HandleDataLimitExceeded":{"Type":"Pass","End":true}}}""", "{}");
            assertThat(r.output()).isEqualTo(Json.parse("{\"Error\":\"States.DataLimitExceeded\",\"Cause\":\"The "
                    + "state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service "
                    + "limit.\"}"));
        }
    }

    @Test
    void stateOutputOverThePayloadLimitEndsTheExecution() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"StartAt\":\"State_1\",\"States\":{\"State_1\":{\"Type\":\"Pass\","
                    + "\"Parameters\":{\"a.$\":\"$.s\",\"b.$\":\"$.s\"},\"End\":true}}}",
                    "{\"s\":\"" + "y".repeat(140_000) + "\"}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo("States.DataLimitExceeded");
            assertThat(r.cause()).isEqualTo("The state/task 'State_1' returned a result with a size exceeding the "
                    + "maximum number of bytes service limit.");
        }
    }
}
