package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Many executions at once on the bounded pools; a blocked task does not hold up the others. */
class ConcurrencyTest {
    @Test
    void aBlockedLambdaDoesNotStallOtherExecutions() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder().workThreads(2).taskThreads(8)
                .lambdaInvoker((name, payload, ctx) -> {
                    if (name.equals("stuck")) {
                        release.await(30, TimeUnit.SECONDS);
                    }
                    return InvocationResult.success(payload);
                }).build()) {
            String def = "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":"
                    + "\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName.$\":\"$.fn\",\"Payload.$\":\"$\"},"
                    + "\"OutputPath\":\"$.Payload\",\"End\":true}}}";
            String sm = engine.createStateMachine("mixed", def).stateMachineArn();
            String stuck = engine.startExecution(sm, "{\"fn\":\"stuck\"}").executionArn();
            List<String> quick = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                quick.add(engine.startExecution(sm, "{\"fn\":\"quick\",\"i\":" + i + "}").executionArn());
            }
            for (String arn : quick) {
                assertThat(engine.awaitExecution(arn, Duration.ofSeconds(20)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            }
            assertThat(engine.describeExecution(stuck).status()).isEqualTo(ExecutionStatus.RUNNING);
            release.countDown();
            assertThat(engine.awaitExecution(stuck, Duration.ofSeconds(20)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        }
    }

    @Test
    void concurrentExecutionsWithRandomFailuresAllFinishWithConsistentHistories() {
        long seed = System.nanoTime();
        System.out.println("ConcurrencyTest seed: " + seed);
        Random random = new Random(seed);
        List<Boolean> fails = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fails.add(random.nextInt(4) == 0);
        }
        try (TestEngine t = new TestEngine(seed)) {
            t.function("step", (payload, ctx) -> {
                Map<String, Object> in = Json.asObject(Json.parse(payload));
                boolean fail = fails.get(((Number) in.get("i")).intValue()) && ctx.retryCount() < 2;
                return fail ? InvocationResult.functionError("Flaky", "try again") : InvocationResult.success(payload);
            });
            String sm = t.engine.createStateMachine("many", """
                    {"QueryLanguage":"JSONata","StartAt":"A","States":{
                      "A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                        "Arguments":{"FunctionName":"step","Payload":"{% $states.input %}"},
                        "Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":1,"MaxAttempts":3,"JitterStrategy":"FULL"}],
                        "Output":"{% $states.result.Payload %}","Next":"M"},
                      "M":{"Type":"Map","Items":"{% [1,2,3] %}","MaxConcurrency":2,
                        "ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":5,"End":true}}},
                        "Output":"{% $states.input %}","End":true}}}""").stateMachineArn();
            List<String> arns = new ArrayList<>();
            for (int i = 0; i < fails.size(); i++) {
                arns.add(t.engine.startExecution(sm, "{\"i\":" + i + "}").executionArn());
            }
            for (int i = 0; i < arns.size(); i++) {
                ExecutionInfo e = t.engine.awaitExecution(arns.get(i), Duration.ofSeconds(30));
                assertThat(e.status()).as("execution %d, seed %d", i, seed).isEqualTo(ExecutionStatus.SUCCEEDED);
                assertThat(Json.parse(e.output().orElseThrow())).isEqualTo(Json.parse("{\"i\":" + i + "}"));
                List<HistoryEvent> h = t.engine.getExecutionHistory(arns.get(i));
                for (int k = 0; k < h.size(); k++) {
                    assertThat(h.get(k).id()).isEqualTo(k + 1);
                    assertThat(h.get(k).previousEventId()).isLessThan(h.get(k).id());
                }
                long scheduled = h.stream().filter(ev -> ev.type().equals("TaskScheduled")).count();
                assertThat(scheduled).as("seed %d", seed).isEqualTo(fails.get(i) ? 3 : 1);
            }
        }
    }

    @Test
    void onlyTheNewestFinishedExecutionsAreKept() {
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder().maxRetainedExecutions(3).build()) {
            String sm = engine.createStateMachine("kept", "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                    + "\"End\":true}}}").stateMachineArn();
            List<String> arns = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String arn = engine.startExecution(sm, "e" + i, "{}").executionArn();
                engine.awaitExecution(arn, Duration.ofSeconds(10));
                arns.add(arn);
            }
            assertThat(engine.listExecutions(sm, null)).extracting(ExecutionInfo::name).containsExactly("e4", "e3", "e2");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.describeExecution(arns.get(0)))
                    .isInstanceOf(StepFunctionsException.class);
        }
    }
}
