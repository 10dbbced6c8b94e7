package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.EXECUTION_ABORTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.EXECUTION_FAILED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.EXECUTION_REDRIVEN;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.EXECUTION_STARTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.EXECUTION_SUCCEEDED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.LAMBDA_FUNCTION_FAILED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.LAMBDA_FUNCTION_SCHEDULED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.LAMBDA_FUNCTION_STARTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.LAMBDA_FUNCTION_SUCCEEDED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.MAP_ITERATION_STARTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.MAP_ITERATION_SUCCEEDED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.MAP_RUN_ABORTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.MAP_RUN_FAILED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.MAP_RUN_REDRIVEN;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.MAP_RUN_STARTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.MAP_RUN_SUCCEEDED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.MAP_STATE_ABORTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.MAP_STATE_ENTERED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.MAP_STATE_EXITED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.MAP_STATE_STARTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.MAP_STATE_SUCCEEDED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.PARALLEL_STATE_ENTERED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.PARALLEL_STATE_EXITED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.PARALLEL_STATE_STARTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.PARALLEL_STATE_SUCCEEDED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.PASS_STATE_ENTERED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.PASS_STATE_EXITED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.TASK_STATE_ABORTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.TASK_STATE_ENTERED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.TASK_STATE_EXITED;

/**
 * Where a Map state's events are recorded, through the real SDK and GetExecutionHistory. A
 * Distributed Map records in the parent's history only its own events - MapStateEntered,
 * MapRunStarted (mapRunStartedEventDetails), MapRunSucceeded or MapRunFailed
 * (mapRunFailedEventDetails), MapStateExited (API reference "HistoryEvent"; Developer Guide
 * "Examining Map Run" and "Using Map state in Distributed mode") - while each item runs as a child
 * execution with a history of its own: ExecutionStarted ... ExecutionSucceeded/ExecutionFailed,
 * numbered from 1 and chained by previousEventId; a child redriven with its parent (Developer Guide
 * "Redriving Map Runs") records ExecutionRedriven after its ExecutionFailed, as a redriven
 * execution does (Developer Guide "Redriving executions"); StopExecution of the parent aborts the Map
 * Run (MapRunAborted) and its running children (ExecutionAborted). An inline Map keeps its MapIteration*
 * events in the execution's own history.
 */
class DistributedMapHistoryTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/r";
    private static final String DISTRIBUTED = """
            {"StartAt":"Items","States":{"Items":{"Type":"Map","Label":"Items","MaxConcurrency":1,"End":true,
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                "StartAt":"Work","States":{"Work":{"Type":"Task",
                  "Resource":"arn:aws:lambda:us-east-1:123456789012:function:work","End":true}}}}}}""";
    private static final String DISTRIBUTED_PARALLEL = """
            {"StartAt":"Items","States":{"Items":{"Type":"Map","End":true,
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                "StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}]}}}}}}""";
    private static final String INLINE = """
            {"StartAt":"Items","States":{"Items":{"Type":"Map","End":true,
              "ItemProcessor":{"StartAt":"Work","States":{"Work":{"Type":"Pass","End":true}}}}}}""";

    private final AtomicBoolean outage = new AtomicBoolean();
    private final CountDownLatch hold = new CountDownLatch(1);
    private final CountDownLatch holding = new CountDownLatch(1);
    private StepFunctionsEngine engine;
    private StepFunctionsServer server;
    private SfnClient sfn;

    @BeforeEach
    void start() {
        engine = StepFunctionsEngine.builder().virtualTime(Instant.parse("2025-01-01T00:00:00Z"))
                .lambdaInvoker((name, payload, ctx) -> {
                    if (payload.equals("9")) {
                        holding.countDown();
                        hold.await(20, TimeUnit.SECONDS);
                    }
                    if (payload.equals("2") && outage.get()) {
                        return InvocationResult.functionError("DependencyDown", "item 2's dependency is down");
                    }
                    return InvocationResult.success("\"done-" + payload + "\"");
                }).build();
        server = StepFunctionsServer.start(engine, 0);
        sfn = SfnClients.of(server.endpoint());
    }

    @AfterEach
    void stop() {
        hold.countDown();
        sfn.close();
        server.close();
        engine.close();
    }

    private String run(String name, String definition, String input, ExecutionStatus expected) {
        String sm = sfn.createStateMachine(b -> b.name(name).roleArn(ROLE).definition(definition)).stateMachineArn();
        String execution = sfn.startExecution(b -> b.stateMachineArn(sm).input(input)).executionArn();
        assertThat(engine.awaitExecution(execution, Duration.ofSeconds(20)).status().name())
                .isEqualTo(expected.toString());
        return execution;
    }

    private List<HistoryEvent> history(String executionArn) {
        return sfn.getExecutionHistory(b -> b.executionArn(executionArn).maxResults(1000)).events();
    }

    private static List<HistoryEventType> types(List<HistoryEvent> events) {
        return events.stream().map(HistoryEvent::type).toList();
    }

    /**
     * Ids 1, 2, 3... and each event's previousEventId an earlier event, or 0 for ExecutionStarted and
     * the first state's Entered event (as AWS records them, see HistoryFidelityTest).
     */
    private static void assertNumberedAndChained(List<HistoryEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            HistoryEvent e = events.get(i);
            assertThat(e.id()).isEqualTo(i + 1L);
            if (i <= 1) {
                assertThat(e.previousEventId()).isZero();
            } else {
                assertThat(e.previousEventId()).isBetween(1L, e.id() - 1);
            }
        }
    }

    /** A single chain: each event after the first state's Entered follows the one before it. */
    private static void assertSequential(List<HistoryEvent> events) {
        assertNumberedAndChained(events);
        assertThat(events.subList(2, events.size()))
                .allSatisfy(e -> assertThat(e.previousEventId()).isEqualTo(e.id() - 1));
    }

    private List<ExecutionListItem> children(String execution) {
        String mapRunArn = sfn.listMapRuns(b -> b.executionArn(execution)).mapRuns().get(0).mapRunArn();
        return sfn.listExecutions(b -> b.mapRunArn(mapRunArn)).executions();
    }

    @Test
    void theParentRecordsOnlyTheMapStatesEventsAndEachChildItsOwn() {
        String execution = run("items", DISTRIBUTED, "[1,3]", ExecutionStatus.SUCCEEDED);
        List<HistoryEvent> parent = history(execution);
        assertThat(types(parent)).containsExactly(EXECUTION_STARTED, MAP_STATE_ENTERED, MAP_RUN_STARTED,
                MAP_RUN_SUCCEEDED, MAP_STATE_EXITED, EXECUTION_SUCCEEDED);
        assertSequential(parent);

        List<ExecutionListItem> children = children(execution);
        assertThat(children).hasSize(2);
        for (ExecutionListItem child : children) {
            List<HistoryEvent> own = history(child.executionArn());
            assertThat(types(own)).containsExactly(EXECUTION_STARTED, TASK_STATE_ENTERED, LAMBDA_FUNCTION_SCHEDULED,
                    LAMBDA_FUNCTION_STARTED, LAMBDA_FUNCTION_SUCCEEDED, TASK_STATE_EXITED, EXECUTION_SUCCEEDED);
            assertSequential(own);
            String input = own.get(0).executionStartedEventDetails().input();
            assertThat(input).isIn("1", "3");
            assertThat(own.get(0).executionStartedEventDetails().roleArn()).isEqualTo(ROLE);
            assertThat(own.get(6).executionSucceededEventDetails().output()).isEqualTo("\"done-" + input + "\"");
        }
    }

    @Test
    void aFailedChildFailsItsOwnHistoryAndIsRedrivenWithAnExecutionRedrivenEvent() {
        outage.set(true);
        String execution = run("failing", DISTRIBUTED, "[1,2,3]", ExecutionStatus.FAILED);
        List<HistoryEvent> parent = history(execution);
        assertThat(types(parent)).containsExactly(EXECUTION_STARTED, MAP_STATE_ENTERED, MAP_RUN_STARTED,
                MAP_RUN_FAILED, EXECUTION_FAILED);
        assertThat(parent.get(3).mapRunFailedEventDetails().error()).isEqualTo("DependencyDown");
        String failed = children(execution).stream().filter(c -> c.status() == ExecutionStatus.FAILED)
                .findFirst().orElseThrow().executionArn();
        List<HistoryEvent> first = history(failed);
        assertThat(types(first)).containsExactly(EXECUTION_STARTED, TASK_STATE_ENTERED, LAMBDA_FUNCTION_SCHEDULED,
                LAMBDA_FUNCTION_STARTED, LAMBDA_FUNCTION_FAILED, EXECUTION_FAILED);
        assertThat(first.get(5).executionFailedEventDetails().error()).isEqualTo("DependencyDown");

        outage.set(false);
        sfn.redriveExecution(b -> b.executionArn(execution));
        assertThat(engine.awaitExecution(execution, Duration.ofSeconds(20)).status())
                .isEqualTo(dev.sagastack.local.stepfunctions.ExecutionStatus.SUCCEEDED);
        assertThat(types(history(execution))).containsExactly(EXECUTION_STARTED, MAP_STATE_ENTERED, MAP_RUN_STARTED,
                MAP_RUN_FAILED, EXECUTION_FAILED, EXECUTION_REDRIVEN, MAP_RUN_REDRIVEN, MAP_RUN_SUCCEEDED,
                MAP_STATE_EXITED, EXECUTION_SUCCEEDED);

        List<HistoryEvent> redriven = history(failed);
        assertThat(types(redriven)).containsExactly(EXECUTION_STARTED, TASK_STATE_ENTERED,
                LAMBDA_FUNCTION_SCHEDULED, LAMBDA_FUNCTION_STARTED, LAMBDA_FUNCTION_FAILED, EXECUTION_FAILED,
                EXECUTION_REDRIVEN, TASK_STATE_ENTERED, LAMBDA_FUNCTION_SCHEDULED, LAMBDA_FUNCTION_STARTED,
                LAMBDA_FUNCTION_SUCCEEDED, TASK_STATE_EXITED, EXECUTION_SUCCEEDED);
        assertNumberedAndChained(redriven);
        assertThat(redriven.get(6).executionRedrivenEventDetails().redriveCount()).isEqualTo(1);
        assertThat(redriven.get(6).previousEventId()).isEqualTo(6);

        List<ExecutionListItem> after = children(execution);
        assertThat(after).hasSize(3);
        String third = after.stream().filter(c -> c.redriveCount() == null || c.redriveCount() == 0)
                .filter(c -> !c.executionArn().equals(failed))
                .map(ExecutionListItem::executionArn)
                .filter(arn -> "3".equals(history(arn).get(0).executionStartedEventDetails().input()))
                .findFirst().orElseThrow();
        assertThat(types(history(third))).as("item 3's child, started by the redrive").containsExactly(
                EXECUTION_STARTED, TASK_STATE_ENTERED, LAMBDA_FUNCTION_SCHEDULED, LAMBDA_FUNCTION_STARTED,
                LAMBDA_FUNCTION_SUCCEEDED, TASK_STATE_EXITED, EXECUTION_SUCCEEDED);
    }

    @Test
    void stoppingTheParentAbortsTheMapRunAndEndsTheRunningChildsHistoryWithExecutionAborted() throws Exception {
        String sm = sfn.createStateMachine(b -> b.name("stopped").roleArn(ROLE).definition(DISTRIBUTED))
                .stateMachineArn();
        String execution = sfn.startExecution(b -> b.stateMachineArn(sm).input("[9]")).executionArn();
        assertThat(holding.await(20, TimeUnit.SECONDS)).as("the child's task runs").isTrue();
        sfn.stopExecution(b -> b.executionArn(execution).error("Halt"));
        assertThat(engine.awaitExecution(execution, Duration.ofSeconds(20)).status())
                .isEqualTo(dev.sagastack.local.stepfunctions.ExecutionStatus.ABORTED);
        assertThat(types(history(execution))).containsExactly(EXECUTION_STARTED, MAP_STATE_ENTERED, MAP_RUN_STARTED,
                MAP_RUN_ABORTED, MAP_STATE_ABORTED, EXECUTION_ABORTED);
        ExecutionListItem child = children(execution).get(0);
        assertThat(child.status()).isEqualTo(ExecutionStatus.ABORTED);
        List<HistoryEvent> own = history(child.executionArn());
        assertThat(types(own)).containsExactly(EXECUTION_STARTED, TASK_STATE_ENTERED, LAMBDA_FUNCTION_SCHEDULED,
                LAMBDA_FUNCTION_STARTED, TASK_STATE_ABORTED, EXECUTION_ABORTED);
        assertSequential(own);
    }

    @Test
    void aParallelStateInsideAChildIsRecordedInTheChildsHistory() {
        String execution = run("nested", DISTRIBUTED_PARALLEL, "[7]", ExecutionStatus.SUCCEEDED);
        assertThat(types(history(execution))).containsExactly(EXECUTION_STARTED, MAP_STATE_ENTERED, MAP_RUN_STARTED,
                MAP_RUN_SUCCEEDED, MAP_STATE_EXITED, EXECUTION_SUCCEEDED);
        List<HistoryEvent> child = history(children(execution).get(0).executionArn());
        assertThat(types(child)).containsExactly(EXECUTION_STARTED, PARALLEL_STATE_ENTERED, PARALLEL_STATE_STARTED,
                PASS_STATE_ENTERED, PASS_STATE_EXITED, PARALLEL_STATE_SUCCEEDED, PARALLEL_STATE_EXITED,
                EXECUTION_SUCCEEDED);
        assertNumberedAndChained(child);
    }

    @Test
    void anInlineMapKeepsItsIterationEventsInTheExecutionsHistory() {
        String execution = run("inline", INLINE, "[1]", ExecutionStatus.SUCCEEDED);
        List<HistoryEvent> events = history(execution);
        assertThat(types(events)).containsExactly(EXECUTION_STARTED, MAP_STATE_ENTERED, MAP_STATE_STARTED,
                MAP_ITERATION_STARTED, PASS_STATE_ENTERED, PASS_STATE_EXITED, MAP_ITERATION_SUCCEEDED,
                MAP_STATE_SUCCEEDED, MAP_STATE_EXITED, EXECUTION_SUCCEEDED);
        assertNumberedAndChained(events);
        assertThat(sfn.listMapRuns(b -> b.executionArn(execution)).mapRuns()).isEmpty();
    }
}
