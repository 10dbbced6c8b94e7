package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveFilter;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RedriveExecution through the real SDK (Step Functions API Reference, "RedriveExecution",
 * "DescribeExecution" redriveStatus/redriveStatusReason, "ListExecutions" redriveFilter,
 * "ExecutionRedrivenEventDetails"): the execution continues from its unsuccessful step with the input
 * that step had; steps that succeeded are not run again; of a Parallel or inline Map state only the
 * failed or aborted branches/iterations run again.
 */
class RedriveTest {
    private static final String FN = "arn:aws:states:::lambda:invoke";
    private static final String CHAIN = """
            {"StartAt":"Reserve","States":{
              "Reserve":{"Type":"Task","Resource":"%1$s","Parameters":{"FunctionName":"reserve","Payload.$":"$"},
                 "ResultSelector":{"reserved.$":"$.Payload"},"ResultPath":"$.r","Assign":{"reservedBy":"reserve"},
                 "Next":"Pay"},
              "Pay":{"Type":"Task","Resource":"%1$s","Parameters":{"FunctionName":"pay",
                 "Payload":{"order.$":"$.order","redrives.$":"$$.Execution.RedriveCount","by.$":"$reservedBy"}},
                 "ResultSelector":{"paid.$":"$.Payload"},"ResultPath":"$.p","Next":"Ship"},
              "Ship":{"Type":"Task","Resource":"%1$s","Parameters":{"FunctionName":"ship","Payload.$":"$"},
                 "ResultSelector":{"shipped.$":"$.Payload"},"ResultPath":"$.s","End":true}}}""".formatted(FN);

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<String> payPayloads = new CopyOnWriteArrayList<>();
    private final List<String> workPayloads = new CopyOnWriteArrayList<>();
    private final AtomicBoolean outage = new AtomicBoolean(true);
    private StepFunctionsEngine engine;
    private StepFunctionsServer server;
    private SfnClient sfn;

    @BeforeEach
    void start() {
        open(null);
    }

    private void open(Path dir) {
        engine = StepFunctionsEngine.builder().virtualTime(Instant.parse("2025-01-01T00:00:00Z")).dataDirectory(dir)
                .lambdaInvoker((name, payload, ctx) -> {
                    calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                    if (name.equals("pay")) {
                        payPayloads.add(payload);
                    }
                    if (name.equals("work")) {
                        workPayloads.add(payload);
                    }
                    if (name.equals("redrives")) {
                        return InvocationResult.functionError("DependencyDown", payload);
                    }
                    if ((name.equals("pay") || payload.contains("\"fail\":true")) && outage.get()) {
                        return InvocationResult.functionError("DependencyDown", "the payment provider is down");
                    }
                    return InvocationResult.success("\"" + name + "-ok\"");
                }).build();
        server = StepFunctionsServer.start(engine, 0);
        sfn = SfnClients.of(server.endpoint());
    }

    @AfterEach
    void stop() {
        sfn.close();
        server.close();
        engine.close();
    }

    private int calls(String name) {
        AtomicInteger n = calls.get(name);
        return n == null ? 0 : n.get();
    }

    private String create(String name, String definition) {
        return sfn.createStateMachine(b -> b.name(name).definition(definition)
                .roleArn("arn:aws:iam::123456789012:role/sfn")).stateMachineArn();
    }

    private DescribeExecutionResponse await(String arn) {
        engine.awaitExecution(arn, Duration.ofSeconds(10));
        return sfn.describeExecution(b -> b.executionArn(arn));
    }

    private List<HistoryEvent> history(String arn) {
        return sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(1000)).events();
    }

    @Test
    void redriveContinuesFromTheFailedStepWithItsInputAndDoesNotRerunSucceededSteps() {
        String sm = create("chain", CHAIN);
        String exec = sfn.startExecution(b -> b.stateMachineArn(sm).name("order-1").input("{\"order\":\"o-1\"}"))
                .executionArn();
        DescribeExecutionResponse failed = await(exec);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("DependencyDown");
        assertThat(failed.redriveStatus()).isEqualTo(ExecutionRedriveStatus.REDRIVABLE);
        assertThat(failed.redriveCount()).isZero();
        int eventsBefore = history(exec).size();

        outage.set(false);
        Instant redriveDate = sfn.redriveExecution(b -> b.executionArn(exec)).redriveDate();
        DescribeExecutionResponse done = await(exec);

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.output()).contains("\"reserved\":\"reserve-ok\"", "\"paid\":\"pay-ok\"", "\"shipped\":\"ship-ok\"");
        assertThat(calls("reserve")).as("a step that succeeded is not run again").isEqualTo(1);
        assertThat(calls("pay")).isEqualTo(2);
        assertThat(calls("ship")).isEqualTo(1);
        assertThat(payPayloads.get(0)).contains("\"redrives\":0", "\"by\":\"reserve\"");
        assertThat(payPayloads.get(1)).as("$$.Execution.RedriveCount and the variables the step had")
                .contains("\"redrives\":1", "\"by\":\"reserve\"", "\"order\":\"o-1\"");
        assertThat(done.redriveCount()).isEqualTo(1);
        assertThat(done.redriveDate()).isEqualTo(redriveDate);
        assertThat(done.startDate()).isEqualTo(failed.startDate());
        assertThat(done.redriveStatus()).isEqualTo(ExecutionRedriveStatus.NOT_REDRIVABLE);
        assertThat(done.redriveStatusReason()).isEqualTo("Execution is SUCCEEDED and cannot be redriven.");

        List<HistoryEvent> h = history(exec);
        HistoryEvent redriven = h.get(eventsBefore);
        assertThat(redriven.type()).isEqualTo(HistoryEventType.EXECUTION_REDRIVEN);
        assertThat(redriven.executionRedrivenEventDetails().redriveCount()).isEqualTo(1);
        assertThat(redriven.previousEventId()).isEqualTo(h.get(eventsBefore - 1).id());
        assertThat(h.get(eventsBefore - 1).type()).isEqualTo(HistoryEventType.EXECUTION_FAILED);
        HistoryEvent reentered = h.get(eventsBefore + 1);
        assertThat(reentered.type()).isEqualTo(HistoryEventType.TASK_STATE_ENTERED);
        assertThat(reentered.stateEnteredEventDetails().name()).isEqualTo("Pay");
        assertThat(reentered.previousEventId()).isEqualTo(redriven.id());
        assertThat(reentered.stateEnteredEventDetails().input()).contains("\"reserved\":\"reserve-ok\"");
        assertThat(h.stream().filter(e -> e.type() == HistoryEventType.TASK_STATE_ENTERED)
                .map(e -> e.stateEnteredEventDetails().name())).containsExactly("Reserve", "Pay", "Pay", "Ship");
        assertThat(h.get(h.size() - 1).type()).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
        for (int i = 1; i < h.size(); i++) {
            assertThat(h.get(i).id()).isEqualTo(i + 1L);
        }
    }

    @Test
    void jsonataSeesTheRedriveCount() {
        String sm = create("jsonata-count", """
                {"QueryLanguage":"JSONata","StartAt":"Pay","States":{
                  "Pay":{"Type":"Task","Resource":"%s","Arguments":{"FunctionName":"pay",
                     "Payload":{"redrives":"{%% $states.context.Execution.RedriveCount %%}"}},
                     "Output":"{%% $states.result.Payload %%}","End":true}}}""".formatted(FN));
        String exec = sfn.startExecution(b -> b.stateMachineArn(sm).input("{}")).executionArn();
        assertThat(await(exec).status()).isEqualTo(ExecutionStatus.FAILED);
        outage.set(false);
        sfn.redriveExecution(b -> b.executionArn(exec));
        assertThat(await(exec).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(payPayloads).hasSize(2);
        assertThat(payPayloads.get(0)).contains("\"redrives\":0");
        assertThat(payPayloads.get(1)).contains("\"redrives\":1");
    }

    @Test
    void refusesWhatAwsRefusesWithItsReasons() {
        String ok = create("fine", "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}");
        String succeeded = sfn.startExecution(b -> b.stateMachineArn(ok)).executionArn();
        await(succeeded);
        assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(succeeded)))
                .isInstanceOf(ExecutionNotRedrivableException.class)
                .hasMessageContaining("Execution is SUCCEEDED and cannot be redriven.");

        String waits = create("waits", "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Task\",\"Resource\":"
                + "\"arn:aws:states:::lambda:invoke.waitForTaskToken\",\"Parameters\":{\"FunctionName\":\"x\"},"
                + "\"End\":true}}}");
        String running = sfn.startExecution(b -> b.stateMachineArn(waits)).executionArn();
        assertThat(sfn.describeExecution(b -> b.executionArn(running)).redriveStatusReason())
                .isEqualTo("Execution is RUNNING and cannot be redriven.");
        assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(running)))
                .isInstanceOf(ExecutionNotRedrivableException.class)
                .hasMessageContaining("Execution is RUNNING and cannot be redriven.");

        String sm = create("window", CHAIN);
        String exec = sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"order\":\"o-2\"}")).executionArn();
        assertThat(await(exec).status()).isEqualTo(ExecutionStatus.FAILED);
        engine.advanceTime(Duration.ofDays(14).plusSeconds(1));
        DescribeExecutionResponse late = sfn.describeExecution(b -> b.executionArn(exec));
        assertThat(late.redriveStatus()).isEqualTo(ExecutionRedriveStatus.NOT_REDRIVABLE);
        assertThat(late.redriveStatusReason()).isEqualTo("Execution redrivable period exceeded.");
        assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(exec)))
                .isInstanceOf(ExecutionNotRedrivableException.class)
                .hasMessageContaining("Execution redrivable period exceeded.");
        assertThat(sfn.describeExecution(b -> b.executionArn(exec)).status()).isEqualTo(ExecutionStatus.FAILED);
    }

    @Test
    void aRepeatedClientTokenRedrivesOnce() {
        String sm = create("tokens", CHAIN);
        String exec = sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"order\":\"o-3\"}")).executionArn();
        await(exec);
        Instant first = sfn.redriveExecution(b -> b.executionArn(exec).clientToken("retry-1")).redriveDate();
        await(exec);
        Instant again = sfn.redriveExecution(b -> b.executionArn(exec).clientToken("retry-1")).redriveDate();
        assertThat(again).isEqualTo(first);
        DescribeExecutionResponse d = await(exec);
        assertThat(d.redriveCount()).as("the outage persists, so the first redrive failed again").isEqualTo(1);
        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(calls("pay")).isEqualTo(2);

        engine.advanceTime(Duration.ofSeconds(5));
        outage.set(false);
        sfn.redriveExecution(b -> b.executionArn(exec).clientToken("retry-2"));
        assertThat(await(exec).redriveCount()).isEqualTo(2);
        assertThat(await(exec).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(history(exec).stream().filter(e -> e.type() == HistoryEventType.EXECUTION_REDRIVEN)
                .map(e -> e.executionRedrivenEventDetails().redriveCount())).containsExactly(1, 2);
    }

    @Test
    void parallelRedrivesOnlyTheFailedBranch() {
        String sm = create("parallel", """
                {"StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"Reserve","States":{"Reserve":{"Type":"Task","Resource":"%1$s",
                     "Parameters":{"FunctionName":"reserve"},"OutputPath":"$.Payload","End":true}}},
                  {"StartAt":"Later","States":{"Later":{"Type":"Wait","Seconds":1,"Next":"Pay"},
                     "Pay":{"Type":"Task","Resource":"%1$s",
                     "Parameters":{"FunctionName":"pay"},"OutputPath":"$.Payload","End":true}}}]}}}""".formatted(FN));
        String exec = sfn.startExecution(b -> b.stateMachineArn(sm)).executionArn();
        assertThat(await(exec).status()).isEqualTo(ExecutionStatus.FAILED);
        outage.set(false);
        sfn.redriveExecution(b -> b.executionArn(exec));
        DescribeExecutionResponse d = await(exec);
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(d.output()).isEqualTo("[\"reserve-ok\",\"pay-ok\"]");
        assertThat(calls("reserve")).as("the branch that succeeded is not run again").isEqualTo(1);
        assertThat(calls("pay")).isEqualTo(2);
        assertThat(history(exec).stream().filter(e -> e.type() == HistoryEventType.WAIT_STATE_ENTERED).count())
                .as("the failed branch restarts at its failed state, not at its first").isEqualTo(1);
    }

    @Test
    void mapRedrivesOnlyTheFailedIterations() {
        String sm = create("map", """
                {"StartAt":"Each","States":{"Each":{"Type":"Map","End":true,"MaxConcurrency":1,"ItemProcessor":{
                  "ProcessorConfig":{"Mode":"INLINE"},"StartAt":"Work","States":{"Work":{"Type":"Task",
                  "Resource":"%s","Parameters":{"FunctionName":"work","Payload.$":"$"},"OutputPath":"$.Payload",
                  "End":true}}}}}}""".formatted(FN));
        String exec = sfn.startExecution(b -> b.stateMachineArn(sm)
                .input("[{\"n\":1},{\"n\":2,\"fail\":true},{\"n\":3},{\"n\":4,\"fail\":true}]")).executionArn();
        assertThat(await(exec).status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(workPayloads).as("one at a time: item 2 fails, 3 and 4 never start").hasSize(2);
        workPayloads.clear();
        outage.set(false);
        sfn.redriveExecution(b -> b.executionArn(exec));
        DescribeExecutionResponse d = await(exec);
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(d.output()).isEqualTo("[\"work-ok\",\"work-ok\",\"work-ok\",\"work-ok\"]");
        // the failed iteration runs again and the ones never started start; the one that succeeded does not
        assertThat(workPayloads).hasSize(3).noneMatch(p -> p.contains("\"n\":1"));
        assertThat(workPayloads.get(0)).contains("\"n\":2");
        List<HistoryEvent> h = history(exec);
        long succeededIterations = h.stream().filter(e -> e.type() == HistoryEventType.MAP_ITERATION_SUCCEEDED).count();
        assertThat(succeededIterations).isEqualTo(4);
    }

    @Test
    void abortedAndTimedOutExecutionsCanBeRedriven() {
        String sm = create("callback", """
                {"TimeoutSeconds":60,"StartAt":"Approve","States":{"Approve":{"Type":"Task",
                  "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters":{"FunctionName":"approve","Payload":{"token.$":"$$.Task.Token"}},"End":true}}}""");
        String aborted = sfn.startExecution(b -> b.stateMachineArn(sm).name("a")).executionArn();
        engine.awaitExecution(aborted, Duration.ofMillis(200));
        sfn.stopExecution(b -> b.executionArn(aborted).error("Operator").cause("paused"));
        assertThat(sfn.describeExecution(b -> b.executionArn(aborted)).redriveStatus())
                .isEqualTo(ExecutionRedriveStatus.REDRIVABLE);
        sfn.redriveExecution(b -> b.executionArn(aborted));
        assertThat(sfn.describeExecution(b -> b.executionArn(aborted)).status()).isEqualTo(ExecutionStatus.RUNNING);
        engine.awaitExecution(aborted, Duration.ofMillis(200));
        assertThat(calls("approve")).as("the aborted task is called again").isEqualTo(2);
        sfn.stopExecution(b -> b.executionArn(aborted));

        String timedOut = sfn.startExecution(b -> b.stateMachineArn(sm).name("t")).executionArn();
        engine.awaitExecution(timedOut, Duration.ofMillis(200));
        engine.advanceTime(Duration.ofSeconds(61));
        assertThat(await(timedOut).status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        sfn.redriveExecution(b -> b.executionArn(timedOut));
        engine.advanceTime(Duration.ofSeconds(30));
        assertThat(sfn.describeExecution(b -> b.executionArn(timedOut)).status())
                .as("the machine's TimeoutSeconds counts again from the redrive").isEqualTo(ExecutionStatus.RUNNING);
        engine.advanceTime(Duration.ofSeconds(31));
        assertThat(await(timedOut).status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(await(timedOut).redriveCount()).isEqualTo(1);

        List<ExecutionListItem> redriven = sfn.listExecutions(b -> b.stateMachineArn(sm)
                .redriveFilter(ExecutionRedriveFilter.REDRIVEN)).executions();
        List<ExecutionListItem> notRedriven = sfn.listExecutions(b -> b.stateMachineArn(sm)
                .redriveFilter(ExecutionRedriveFilter.NOT_REDRIVEN)).executions();
        assertThat(redriven).extracting(ExecutionListItem::name).containsExactlyInAnyOrder("a", "t");
        assertThat(redriven).allSatisfy(e -> assertThat(e.redriveCount()).isEqualTo(1));
        assertThat(notRedriven).isEmpty();
    }

    @Test
    void redriveWorksAfterARestart(@TempDir Path dir) {
        stop();
        open(dir);
        String sm = create("durable", CHAIN);
        String exec = sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"order\":\"o-9\"}")).executionArn();
        assertThat(await(exec).status()).isEqualTo(ExecutionStatus.FAILED);
        stop();
        open(dir);
        outage.set(false);
        assertThat(sfn.describeExecution(b -> b.executionArn(exec)).redriveStatus())
                .isEqualTo(ExecutionRedriveStatus.REDRIVABLE);
        sfn.redriveExecution(b -> b.executionArn(exec));
        DescribeExecutionResponse d = await(exec);
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(calls("reserve")).isEqualTo(1);
        assertThat(payPayloads.get(1)).contains("\"redrives\":1", "\"by\":\"reserve\"");
        stop();
        open(dir);
        DescribeExecutionResponse reopened = sfn.describeExecution(b -> b.executionArn(exec));
        assertThat(reopened.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(reopened.redriveCount()).isEqualTo(1);
        assertThat(history(exec)).extracting(HistoryEvent::type).contains(HistoryEventType.EXECUTION_REDRIVEN);
    }

    /** What a run's failure cause holds: the function's error message is its payload, the run's redrive count. */
    private static String failureOfRun(int redriveCount) {
        return "redrives\\\":" + redriveCount + "}";
    }

    /**
     * DescribeExecution shows one run of an execution, never parts of two: while an execution is redriven again
     * and again, every FAILED answer carries the error and cause of the run its redrive count names (each run
     * fails with a cause that holds its $$.Execution.RedriveCount), never the new count beside the old failure.
     */
    @Test
    void describeExecutionNeverShowsARedrivesCountBesideTheFailureOfTheRunBefore() throws Exception {
        String sm = create("counted", """
                {"StartAt":"Pay","States":{"Pay":{"Type":"Task","Resource":"%s","Parameters":{"FunctionName":"redrives",
                   "Payload":{"redrives.$":"$$.Execution.RedriveCount"}},"End":true}}}""".formatted(FN));
        String exec = sfn.startExecution(b -> b.stateMachineArn(sm).input("{}")).executionArn();
        await(exec);
        AtomicBoolean redriving = new AtomicBoolean(true);
        List<String> mixed = new CopyOnWriteArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (redriving.get()) {
                ExecutionInfo e = engine.describeExecution(exec);
                reads.incrementAndGet();
                if (e.status() == dev.sagastack.local.stepfunctions.ExecutionStatus.FAILED
                        && !(e.error().orElse("").equals("DependencyDown")
                        && e.cause().orElse("").contains(failureOfRun(e.redriveCount()))
                        && e.stopDate().isPresent())) {
                    mixed.add(e.redriveCount() + " " + e.error() + " " + e.cause() + " " + e.stopDate());
                }
            }
        });
        reader.start();
        try {
            for (int i = 1; i <= 300; i++) {
                engine.redriveExecution(exec, null);
                assertThat(engine.awaitExecution(exec, Duration.ofSeconds(10)).cause().orElseThrow()).contains(failureOfRun(i));
            }
        } finally {
            redriving.set(false);
            reader.join();
        }
        assertThat(reads.get()).isGreaterThan(300);
        assertThat(mixed).isEmpty();
    }
}
