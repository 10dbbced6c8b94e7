package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** With a data directory, executions survive a restart and resume without repeating completed steps. */
class DurabilityTest {
    private static final String SAGA = """
            {"StartAt":"Reserve","States":{
              "Reserve":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                 "Parameters":{"FunctionName":"reserve","Payload.$":"$"},"ResultPath":null,"Next":"Approve"},
              "Approve":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                 "Parameters":{"FunctionName":"approve","Payload":{"token.$":"$$.Task.Token"}},
                 "ResultPath":"$.approval","Next":"Ship"},
              "Ship":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                 "Parameters":{"FunctionName":"ship","Payload.$":"$"},"ResultSelector":{"shipped.$":"$.Payload"},
                 "ResultPath":"$.shipping","End":true}}}""";

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<String> tokens = new LinkedBlockingQueue<>();
    /** The Map item each approval token was issued for (iterations run concurrently, in no set order). */
    private final Map<String, Integer> itemOfToken = new ConcurrentHashMap<>();

    private StepFunctionsEngine engine(Path dir) {
        return StepFunctionsEngine.builder().virtualTime(Instant.parse("2025-01-01T00:00:00Z")).dataDirectory(dir)
                .lambdaInvoker((name, payload, ctx) -> {
                    calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                    if (name.equals("approve")) {
                        java.util.regex.Matcher item = java.util.regex.Pattern.compile("\"item\"\\s*:\\s*(\\d+)")
                                .matcher(payload);
                        if (item.find()) {
                            itemOfToken.put(ctx.taskToken().orElseThrow(), Integer.parseInt(item.group(1)));
                        }
                        tokens.add(ctx.taskToken().orElseThrow());
                    }
                    return InvocationResult.success(name.equals("ship") ? "\"yes\"" : "{}");
                }).build();
    }

    /** The approval for the iteration a token belongs to: {"v": its item}. */
    private String answer(String token) {
        return "{\"v\":" + itemOfToken.get(token) + "}";
    }

    private int calls(String name) {
        AtomicInteger n = calls.get(name);
        return n == null ? 0 : n.get();
    }

    @Test
    void runningExecutionResumesAfterRestartWithoutRepeatingCompletedSteps(@TempDir Path dir) throws Exception {
        String arn;
        String done;
        try (StepFunctionsEngine first = engine(dir)) {
            String sm = first.createStateMachine("saga", SAGA).stateMachineArn();
            done = first.startExecution(sm, "finished", "{\"n\":0}").executionArn();
            first.sendTaskSuccess(tokens.poll(10, TimeUnit.SECONDS), "{\"ok\":true}");
            assertThat(first.awaitExecution(done, Duration.ofSeconds(10)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            arn = first.startExecution(sm, "order-1", "{\"n\":1}").executionArn();
            assertThat(tokens.poll(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(calls("reserve")).isEqualTo(2);
        }
        try (StepFunctionsEngine second = engine(dir)) {
            assertThat(second.describeExecution(done).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            List<HistoryEvent> finished = second.getExecutionHistory(done);
            assertThat(finished.get(finished.size() - 1).type()).isEqualTo("ExecutionSucceeded");
            assertThat(finished).hasSize((int) finished.get(finished.size() - 1).id());
            String token = tokens.poll(10, TimeUnit.SECONDS);
            assertThat(token).as("the in-flight approval is asked for again").isNotNull();
            second.sendTaskSuccess(token, "{\"ok\":true}");
            ExecutionInfo info = second.awaitExecution(arn, Duration.ofSeconds(10));
            assertThat(info.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(Json.parse(info.output().orElseThrow())).isEqualTo(Json.parse(
                    "{\"n\":1,\"approval\":{\"ok\":true},\"shipping\":{\"shipped\":\"yes\"}}"));
            assertThat(calls("reserve")).as("Reserve completed before the restart and is not run again").isEqualTo(2);
            assertThat(calls("approve")).isEqualTo(3);
            List<HistoryEvent> h = second.getExecutionHistory(arn);
            assertThat(h).extracting(HistoryEvent::id).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, h.size()).boxed().toList());
            assertThat(h.stream().filter(e -> e.type().equals("TaskStateEntered")).map(e -> e.details().get("name")))
                    .containsExactly("Reserve", "Approve", "Ship");
            assertThat(second.listStateMachines()).extracting(StateMachineInfo::name).containsExactly("saga");
        }
    }

    /** A restarted engine reads a stored history when it is first asked for: unread, it survives another restart as it was. */
    @Test
    void storedHistoriesAreTheSameWhenReadAfterOneOrTwoRestarts(@TempDir Path dir) throws Exception {
        Map<String, List<String>> before = new java.util.LinkedHashMap<>();
        try (StepFunctionsEngine first = engine(dir)) {
            String sm = first.createStateMachine("saga", SAGA).stateMachineArn();
            for (int i = 0; i < 3; i++) {
                String arn = first.startExecution(sm, "done-" + i, "{\"n\":" + i + "}").executionArn();
                first.sendTaskSuccess(tokens.poll(10, TimeUnit.SECONDS), "{\"ok\":true}");
                assertThat(first.awaitExecution(arn, Duration.ofSeconds(10)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
                before.put(arn, written(first.getExecutionHistory(arn)));
            }
        }
        String firstArn = before.keySet().iterator().next();
        try (StepFunctionsEngine second = engine(dir)) {
            // one history read after the first restart, the others only after the second
            assertThat(written(second.getExecutionHistory(firstArn))).isEqualTo(before.get(firstArn));
        }
        try (StepFunctionsEngine third = engine(dir)) {
            before.forEach((arn, history) -> {
                assertThat(written(third.getExecutionHistory(arn))).as(arn).isEqualTo(history);
                assertThat(third.describeExecution(arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            });
        }
    }

    /**
     * An end the engine has reported is in the store: a caller that closes the engine the moment it learns of the
     * end (here inside the completion callback, on the thread that ran the last task) cannot lose it, and the
     * reopened engine does not run that task again.
     */
    @Test
    void anEndReportedToAWaiterSurvivesACloseRightAfter(@TempDir Path dir) throws Exception {
        CountDownLatch watching = new CountDownLatch(1);
        AtomicInteger shipped = new AtomicInteger();
        java.util.function.Supplier<StepFunctionsEngine> open = () -> StepFunctionsEngine.builder()
                .virtualTime(Instant.parse("2025-01-01T00:00:00Z")).dataDirectory(dir)
                .lambdaInvoker((name, payload, ctx) -> {
                    try {
                        watching.await(10, TimeUnit.SECONDS); // the end is watched before it can happen
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    shipped.incrementAndGet();
                    return InvocationResult.success("{}");
                }).build();
        StepFunctionsEngine first = open.get();
        String sm = first.createStateMachine("ship", """
                {"StartAt":"Ship","States":{"Ship":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                   "Parameters":{"FunctionName":"ship","Payload.$":"$"},"End":true}}}""").stateMachineArn();
        String arn = first.startExecution(sm, "run", "{}").executionArn();
        CompletableFuture<ExecutionInfo> closedAtTheEnd = first.completion(arn).thenApply(info -> {
            first.close();
            return info;
        });
        watching.countDown();
        assertThat(closedAtTheEnd.get(10, TimeUnit.SECONDS).status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        try (StepFunctionsEngine reopened = open.get()) {
            assertThat(reopened.awaitExecution(arn, Duration.ofSeconds(10)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(reopened.getExecutionHistory(arn)).last().extracting(HistoryEvent::type).isEqualTo("ExecutionSucceeded");
        }
        assertThat(shipped.get()).as("the task ran once").isEqualTo(1);
    }

    /** Each event as the API shows it: ids, time, type and details as JSON. */
    private static List<String> written(List<HistoryEvent> history) {
        return history.stream().map(e -> e.id() + "/" + e.previousEventId() + " " + e.timestamp() + " " + e.type()
                + " " + e.detailsName() + " " + Json.write(e.details())).toList();
    }

    @Test
    void waitingTimerIsSetAgainAfterRestart(@TempDir Path dir) {
        String arn;
        try (StepFunctionsEngine first = StepFunctionsEngine.builder().dataDirectory(dir).build()) {
            String sm = first.createStateMachine("waits", "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\","
                    + "\"Seconds\":1,\"Next\":\"P\"},\"P\":{\"Type\":\"Pass\",\"Result\":\"after\",\"End\":true}}}")
                    .stateMachineArn();
            arn = first.startExecution(sm, "{}").executionArn();
            assertThat(first.describeExecution(arn).status()).isEqualTo(ExecutionStatus.RUNNING);
        }
        try (StepFunctionsEngine second = StepFunctionsEngine.builder().dataDirectory(dir).build()) {
            ExecutionInfo info = second.awaitExecution(arn, Duration.ofSeconds(10));
            assertThat(info.status()).as(info.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(info.output()).contains("\"after\"");
        }
    }

    @Test
    void mapIterationsWaitingForTokensResumeAfterRestart(@TempDir Path dir) throws Exception {
        String def = """
                {"QueryLanguage":"JSONata","StartAt":"Init","States":{
                  "Init":{"Type":"Pass","Assign":{"factor":10},"Next":"Each"},
                  "Each":{"Type":"Map","Items":"{% $states.input.items %}","MaxConcurrency":2,
                    "ItemProcessor":{"StartAt":"Approve","States":{
                      "Approve":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                        "Arguments":{"FunctionName":"approve","Payload":{"token":"{% $states.context.Task.Token %}",
                          "item":"{% $states.input %}"}},
                        "Output":"{% $states.result.v * $factor %}","End":true}}},
                    "End":true}}}""";
        String arn;
        try (StepFunctionsEngine first = engine(dir)) {
            String sm = first.createStateMachine("each", def).stateMachineArn();
            arn = first.startExecution(sm, "{\"items\":[1,2,3]}").executionArn();
            String answered = tokens.poll(10, TimeUnit.SECONDS);
            first.sendTaskSuccess(answered, answer(answered));
            // the first answered iteration finishes and the third starts; two tokens are outstanding
            assertThat(tokens.poll(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(tokens.poll(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(calls("approve")).isEqualTo(3);
        }
        try (StepFunctionsEngine second = engine(dir)) {
            String a = tokens.poll(10, TimeUnit.SECONDS);
            String b = tokens.poll(10, TimeUnit.SECONDS);
            assertThat(a).isNotNull();
            assertThat(b).isNotNull();
            second.sendTaskSuccess(a, answer(a));
            second.sendTaskSuccess(b, answer(b));
            ExecutionInfo info = second.awaitExecution(arn, Duration.ofSeconds(10));
            assertThat(info.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            // each iteration answered with its own item: the output keeps the items' order
            assertThat(Json.parse(info.output().orElseThrow())).isEqualTo(Json.parse("[10,20,30]"));
            assertThat(calls("approve")).as("only the two waiting iterations are asked again").isEqualTo(5);
        }
    }
}
