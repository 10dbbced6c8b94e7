package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lambda tasks as the Developer Guide describes them: "Invoke an AWS Lambda function with Step
 * Functions" (result shape of arn:aws:states:::lambda:invoke), "Handling errors in Step Functions
 * workflows" (Retry, Catch, error output) and "Wait for a Callback with Task Token".
 */
class LambdaTaskTest {
    private static final String INVOKE = """
            {"QueryLanguage":"JSONata","StartAt":"Reserve","States":{
              "Reserve":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                "Arguments":{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:reserve:live",
                             "Payload":{"orderId":"{% $states.input.orderId %}"}},
                "Output":"{% $states.result.Payload %}",
                "End":true}}}""";

    @Test
    void lambdaInvokeResultIsTheInvokeResponseWithPayloadAndStatusCode() {
        try (TestEngine t = new TestEngine()) {
            t.function("reserve", (payload, ctx) -> InvocationResult.success(
                    "{\"reserved\":" + Json.write(((Map<?, ?>) Json.parse(payload)).get("orderId")) + "}"));
            TestEngine.Result r = t.run(INVOKE.replace("\"Output\":\"{% $states.result.Payload %}\",", ""),
                    "{\"orderId\":\"o-1\"}");
            assertThat(r.status()).as(r.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
            Map<String, Object> out = Json.asObject(r.output());
            assertThat(out).containsKeys("ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata",
                    "StatusCode");
            assertThat(out.get("Payload")).isEqualTo(Json.parse("{\"reserved\":\"o-1\"}"));
            assertThat(out.get("StatusCode")).isEqualTo(200);
            assertThat(out.get("ExecutedVersion")).isEqualTo("$LATEST");
            assertThat(r.types()).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                    "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
            Map<String, Object> scheduled = r.first("TaskScheduled").details();
            assertThat(scheduled).containsEntry("resourceType", "lambda").containsEntry("resource", "invoke")
                    .containsEntry("region", "us-east-1");
            assertThat(Json.parse((String) scheduled.get("parameters"))).isEqualTo(Json.parse(
                    "{\"FunctionName\":\"arn:aws:lambda:us-east-1:123456789012:function:reserve:live\","
                            + "\"Payload\":{\"orderId\":\"o-1\"}}"));
        }
    }

    /**
     * ExecutedVersion (and the X-Amz-Executed-Version header) is the version that ran: the one the invoker reports
     * for an alias (a host knows where its aliases point), the one a version qualifier names, else $LATEST
     * (Lambda API Reference, Invoke: X-Amz-Executed-Version).
     */
    @Test
    void executedVersionIsTheVersionThatRan() {
        try (TestEngine t = new TestEngine()) {
            t.function("reserve", (payload, ctx) -> InvocationResult.success("{}").fromVersion("7"));
            String whole = INVOKE.replace("\"Output\":\"{% $states.result.Payload %}\",", "");
            Map<String, Object> viaAlias = Json.asObject(t.run(whole, "{\"orderId\":\"o-1\"}").output());
            assertThat(viaAlias.get("ExecutedVersion")).isEqualTo("7");
            Map<String, Object> http = Json.asObject(viaAlias.get("SdkHttpMetadata"));
            assertThat(Json.asObject(http.get("HttpHeaders")).get("X-Amz-Executed-Version")).isEqualTo("7");
            assertThat(Json.asObject(http.get("AllHttpHeaders")).get("X-Amz-Executed-Version")).isEqualTo(List.of("7"));
        }
        try (TestEngine t = new TestEngine()) {
            t.function("reserve", (payload, ctx) -> InvocationResult.success("{}"));
            Map<String, Object> viaVersion = Json.asObject(t.run(INVOKE.replace(":reserve:live", ":reserve:3")
                    .replace("\"Output\":\"{% $states.result.Payload %}\",", ""), "{\"orderId\":\"o-1\"}").output());
            assertThat(viaVersion.get("ExecutedVersion")).isEqualTo("3");
        }
    }

    @Test
    void invokerReceivesTheResolvedFunctionNameQualifierAndPayload() {
        try (TestEngine t = new TestEngine()) {
            CompletableFuture<InvocationContext> seen = new CompletableFuture<>();
            t.function("reserve", (payload, ctx) -> {
                seen.complete(ctx);
                assertThat(Json.parse(payload)).isEqualTo(Json.parse("{\"orderId\":\"o-2\"}"));
                return InvocationResult.success("{}");
            });
            TestEngine.Result r = t.run(INVOKE, "{\"orderId\":\"o-2\"}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            InvocationContext ctx = seen.getNow(null);
            assertThat(ctx.functionName()).isEqualTo("reserve");
            assertThat(ctx.qualifier()).contains("live");
            assertThat(ctx.stateName()).isEqualTo("Reserve");
            assertThat(ctx.executionArn()).isEqualTo(r.info().executionArn());
        }
    }

    @Test
    void functionErrorFailsTheTaskWithErrorTypeAndLambdaErrorJsonAsCause() {
        try (TestEngine t = new TestEngine()) {
            t.function("reserve", (payload, ctx) -> InvocationResult.functionError("InsufficientStock",
                    "sku-1 has 0 left", List.of("dev.example.Inventory.reserve(Inventory.java:42)")));
            TestEngine.Result r = t.run(INVOKE, "{\"orderId\":\"o-3\"}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo("InsufficientStock");
            Map<String, Object> cause = Json.asObject(Json.parse(r.cause()));
            assertThat(cause).containsEntry("errorType", "InsufficientStock")
                    .containsEntry("errorMessage", "sku-1 has 0 left")
                    .containsEntry("stackTrace", List.of("dev.example.Inventory.reserve(Inventory.java:42)"))
                    .containsKey("requestId");
            assertThat(r.types()).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                    "TaskStarted", "TaskFailed", "ExecutionFailed");
            assertThat(r.first("TaskFailed").details()).containsEntry("error", "InsufficientStock")
                    .containsEntry("resourceType", "lambda").containsEntry("resource", "invoke");
        }
    }

    @Test
    void retriesWithExponentialBackoffThenCatchesWithErrorOutput() {
        // "Handling errors": IntervalSeconds 1, BackoffRate 2 → waits of 1 s, 2 s, 4 s; then Catch.
        try (TestEngine t = new TestEngine()) {
            AtomicInteger n = new AtomicInteger();
            t.function("flaky", (payload, ctx) -> {
                assertThat(ctx.retryCount()).isEqualTo(n.getAndIncrement());
                return InvocationResult.functionError("Transient", "try again");
            });
            TestEngine.Result r = t.run("""
                    {"QueryLanguage":"JSONata","StartAt":"Call","States":{
                      "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                        "Arguments":{"FunctionName":"flaky","Payload":"{% $states.input %}"},
                        "Retry":[{"ErrorEquals":["Transient"],"IntervalSeconds":1,"BackoffRate":2,"MaxAttempts":3}],
                        "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Compensate",
                                  "Output":{"failed":"{% $states.errorOutput.Error %}","input":"{% $states.input %}"},
                                  "Assign":{"reason":"{% $states.errorOutput.Error %}"}}],
                        "End":true},
                      "Compensate":{"Type":"Pass","Output":{"compensated":true,"why":"{% $reason %}",
                                    "was":"{% $states.input %}"},"End":true}}}""", "{\"k\":1}");
            assertThat(r.status()).as(r.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(t.calls("flaky")).isEqualTo(4);
            assertThat(r.output()).isEqualTo(Json.parse(
                    "{\"compensated\":true,\"why\":\"Transient\",\"was\":{\"failed\":\"Transient\",\"input\":{\"k\":1}}}"));
            List<Instant> scheduled = r.history().stream().filter(e -> e.type().equals("TaskScheduled"))
                    .map(HistoryEvent::timestamp).toList();
            assertThat(scheduled).hasSize(4);
            assertThat(Duration.between(scheduled.get(0), scheduled.get(1))).isEqualTo(Duration.ofSeconds(1));
            assertThat(Duration.between(scheduled.get(1), scheduled.get(2))).isEqualTo(Duration.ofSeconds(2));
            assertThat(Duration.between(scheduled.get(2), scheduled.get(3))).isEqualTo(Duration.ofSeconds(4));
        }
    }

    @Test
    void fullJitterKeepsEachDelayBetweenZeroAndTheCappedBackoff() {
        try (TestEngine t = new TestEngine()) {
            t.function("flaky", (payload, ctx) -> InvocationResult.functionError("Transient", "again"));
            TestEngine.Result r = t.run("""
                    {"StartAt":"Call","States":{
                      "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                        "Parameters":{"FunctionName":"flaky"},
                        "Retry":[{"ErrorEquals":["States.TaskFailed"],"IntervalSeconds":2,"BackoffRate":3,
                                  "MaxAttempts":5,"MaxDelaySeconds":10,"JitterStrategy":"FULL"}],
                        "End":true}}}""", "{}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            List<Instant> scheduled = r.history().stream().filter(e -> e.type().equals("TaskScheduled"))
                    .map(HistoryEvent::timestamp).toList();
            assertThat(scheduled).hasSize(6);
            double[] caps = {2, 6, 10, 10, 10};
            for (int i = 0; i < 5; i++) {
                Duration d = Duration.between(scheduled.get(i), scheduled.get(i + 1));
                assertThat(d.toMillis()).as("delay %d (seed %d)", i, t.seed)
                        .isBetween(0L, (long) (caps[i] * 1000));
            }
        }
    }

    @Test
    void timeoutSecondsFailsASlowTaskWithStatesTimeout() {
        try (TestEngine t = new TestEngine()) {
            t.function("slow", (payload, ctx) -> InvocationResult.success("{}").after(Duration.ofSeconds(400)));
            TestEngine.Result r = t.run("""
                    {"StartAt":"Call","States":{
                      "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                        "Parameters":{"FunctionName":"slow"},"TimeoutSeconds":300,"End":true}}}""", "{}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo("States.Timeout");
            assertThat(r.types()).containsSubsequence("TaskScheduled", "TaskStarted", "TaskTimedOut", "ExecutionFailed");
            assertThat(Duration.between(TestEngine.START, r.first("TaskTimedOut").timestamp()))
                    .isEqualTo(Duration.ofSeconds(300));
        }
    }

    @Test
    void plainFunctionArnRecordsLambdaFunctionEventsAndPassesThePayloadAsResult() {
        try (TestEngine t = new TestEngine()) {
            t.function("hello", (payload, ctx) -> InvocationResult.success("{\"Return\":\"HelloWorld\"}"));
            TestEngine.Result r = t.run("""
                    {"StartAt":"step1","States":{"step1":{"Type":"Task",
                      "Resource":"arn:aws:lambda:us-east-1:123456789012:function:hello","End":true}}}""", "{}");
            assertThat(r.output()).isEqualTo(Json.parse("{\"Return\":\"HelloWorld\"}"));
            assertThat(r.types()).containsExactly("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                    "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded");
            assertThat(r.first("LambdaFunctionScheduled").details()).containsEntry("resource",
                    "arn:aws:lambda:us-east-1:123456789012:function:hello");
        }
    }

    @Test
    void waitForTaskTokenWaitsForSendTaskSuccess() throws Exception {
        try (TestEngine t = new TestEngine()) {
            CompletableFuture<String> token = new CompletableFuture<>();
            t.function("ask", (payload, ctx) -> {
                token.complete((String) Json.asObject(Json.parse(payload)).get("token"));
                return InvocationResult.success("{}");
            });
            StateMachineInfo sm = t.engine.createStateMachine("cb", """
                    {"StartAt":"Ask","States":{"Ask":{"Type":"Task",
                      "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                      "Parameters":{"FunctionName":"ask","Payload":{"token.$":"$$.Task.Token"}},
                      "TimeoutSeconds":3600,"End":true}}}""");
            ExecutionInfo e = t.engine.startExecution(sm.stateMachineArn(), "{}");
            String tok = token.get(10, TimeUnit.SECONDS);
            t.engine.sendTaskSuccess(tok, "{\"approved\":true}");
            ExecutionInfo done = t.engine.awaitExecution(e.executionArn(), Duration.ofSeconds(10));
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(Json.parse(done.output().orElseThrow())).isEqualTo(Json.parse("{\"approved\":true}"));
            List<String> types = t.engine.getExecutionHistory(e.executionArn()).stream().map(HistoryEvent::type).toList();
            assertThat(types).containsSubsequence("TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded");
        }
    }

    @Test
    void contextRetryCountCountsTheAttemptsOfATask() {
        try (TestEngine t = new TestEngine()) {
            List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            t.function("count", (payload, ctx) -> {
                seen.add(Json.asObject(Json.parse(payload)).get("rc"));
                return seen.size() < 3 ? InvocationResult.functionError("Again", "") : InvocationResult.success("{}");
            });
            TestEngine.Result r = t.run("""
                    {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                      "Parameters":{"FunctionName":"count","Payload":{"rc.$":"$$.State.RetryCount"}},
                      "Retry":[{"ErrorEquals":["Again"],"MaxAttempts":5}],"End":true}}}""", "{}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(seen).containsExactly(0, 1, 2);
        }
    }
}
