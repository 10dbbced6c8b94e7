package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Map Runs of Distributed Map states through the real SDK: DescribeMapRun, ListMapRuns and
 * UpdateMapRun API references, the MapRunStarted/MapRunFailed/MapRunSucceeded/MapRunRedriven
 * history events (GetExecutionHistory API reference, HistoryEvent), and Developer Guide
 * "Redriving Map Runs" (a redriven execution runs the Map Run's unsuccessful items again).
 */
class MapRunsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/r";
    private static final String DEFINITION = """
            {"StartAt":"Items","States":{"Items":{"Type":"Map","Label":"Items","MaxConcurrency":1,"End":true,
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                "StartAt":"Work","States":{"Work":{"Type":"Task",
                  "Resource":"arn:aws:lambda:us-east-1:123456789012:function:work","End":true}}}}}}""";

    private final AtomicBoolean outage = new AtomicBoolean();
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private StepFunctionsEngine engine;
    private StepFunctionsServer server;
    private SfnClient sfn;

    @BeforeEach
    void start() {
        engine = StepFunctionsEngine.builder().virtualTime(Instant.parse("2025-01-01T00:00:00Z"))
                .lambdaInvoker((name, payload, ctx) -> {
                    started.add(payload);
                    if (payload.equals("1")) {
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

    private String machine() {
        return sfn.createStateMachine(b -> b.name("items").roleArn(ROLE).definition(DEFINITION)).stateMachineArn();
    }

    private List<HistoryEventType> types(String executionArn) {
        return sfn.getExecutionHistory(b -> b.executionArn(executionArn).maxResults(1000)).events().stream()
                .map(HistoryEvent::type).toList();
    }

    @Test
    void aFailedMapRunIsRecordedAndRedrivenWithItsExecution() {
        String sm = machine();
        outage.set(true);
        String execution = sfn.startExecution(b -> b.stateMachineArn(sm).input("[1,2,3]")).executionArn();
        assertThat(engine.awaitExecution(execution, Duration.ofSeconds(20)).status())
                .isEqualTo(dev.sagastack.local.stepfunctions.ExecutionStatus.FAILED);

        List<MapRunListItem> runs = sfn.listMapRuns(b -> b.executionArn(execution)).mapRuns();
        assertThat(runs).hasSize(1);
        String mapRunArn = runs.get(0).mapRunArn();
        assertThat(mapRunArn).matches("arn:aws:states:us-east-1:\\d{12}:mapRun:items/Items:[0-9a-f-]{36}");
        assertThat(runs.get(0).stateMachineArn()).isEqualTo(sm + "/Items");
        assertThat(runs.get(0).executionArn()).isEqualTo(execution);
        assertThat(runs.get(0).stopDate()).isNotNull();

        List<HistoryEvent> events = sfn.getExecutionHistory(b -> b.executionArn(execution).maxResults(1000)).events();
        HistoryEvent mapRunStarted = events.stream().filter(e -> e.type() == HistoryEventType.MAP_RUN_STARTED)
                .findFirst().orElseThrow();
        assertThat(mapRunStarted.mapRunStartedEventDetails().mapRunArn()).isEqualTo(mapRunArn);
        // a Distributed Map records only its own events in the parent's history ("Examining Map Run")
        assertThat(types(execution)).containsExactly(HistoryEventType.EXECUTION_STARTED,
                HistoryEventType.MAP_STATE_ENTERED, HistoryEventType.MAP_RUN_STARTED, HistoryEventType.MAP_RUN_FAILED,
                HistoryEventType.EXECUTION_FAILED);
        HistoryEvent failed = events.stream().filter(e -> e.type() == HistoryEventType.MAP_RUN_FAILED)
                .findFirst().orElseThrow();
        assertThat(failed.mapRunFailedEventDetails().error()).isEqualTo("DependencyDown");

        DescribeMapRunResponse before = sfn.describeMapRun(b -> b.mapRunArn(mapRunArn));
        assertThat(before.status()).isEqualTo(MapRunStatus.FAILED);
        assertThat(before.executionArn()).isEqualTo(execution);
        assertThat(before.maxConcurrency()).isEqualTo(1);
        assertThat(before.itemCounts().total()).isEqualTo(3);
        assertThat(before.itemCounts().succeeded()).isEqualTo(1);
        assertThat(before.itemCounts().failed()).isEqualTo(1);
        assertThat(before.itemCounts().aborted()).as("item 3 never started").isEqualTo(1);
        assertThat(before.executionCounts().total()).isEqualTo(3);
        assertThat(before.redriveCount()).isZero();

        outage.set(false);
        sfn.redriveExecution(b -> b.executionArn(execution));
        assertThat(engine.awaitExecution(execution, Duration.ofSeconds(20)).status())
                .isEqualTo(dev.sagastack.local.stepfunctions.ExecutionStatus.SUCCEEDED);
        DescribeMapRunResponse after = sfn.describeMapRun(b -> b.mapRunArn(mapRunArn));
        assertThat(after.status()).isEqualTo(MapRunStatus.SUCCEEDED);
        assertThat(after.redriveCount()).isEqualTo(1);
        assertThat(after.redriveDate()).isNotNull();
        assertThat(after.itemCounts().succeeded()).isEqualTo(3);
        assertThat(after.itemCounts().failed()).isZero();
        assertThat(sfn.listMapRuns(b -> b.executionArn(execution)).mapRuns()).as("the same Map Run").hasSize(1);
        HistoryEvent redriven = sfn.getExecutionHistory(b -> b.executionArn(execution).maxResults(1000)).events()
                .stream().filter(e -> e.type() == HistoryEventType.MAP_RUN_REDRIVEN).findFirst().orElseThrow();
        assertThat(redriven.mapRunRedrivenEventDetails().mapRunArn()).isEqualTo(mapRunArn);
        assertThat(redriven.mapRunRedrivenEventDetails().redriveCount()).isEqualTo(1);
        assertThat(types(execution)).containsSubsequence(HistoryEventType.EXECUTION_REDRIVEN,
                HistoryEventType.MAP_RUN_REDRIVEN, HistoryEventType.MAP_RUN_SUCCEEDED,
                HistoryEventType.MAP_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED);
    }

    @Test
    void updateMapRunRaisesTheConcurrencyOfARunningMapRun() throws Exception {
        String sm = machine();
        hold = new CountDownLatch(1);
        String execution = sfn.startExecution(b -> b.stateMachineArn(sm).input("[1,3,4]")).executionArn();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<MapRunListItem> runs = List.of();
        while (runs.isEmpty() || !started.contains("1")) {
            assertThat(System.nanoTime()).as("the Map Run starts its first item").isLessThan(deadline);
            Thread.sleep(10);
            runs = sfn.listMapRuns(b -> b.executionArn(execution)).mapRuns();
        }
        String mapRunArn = runs.get(0).mapRunArn();
        DescribeMapRunResponse running = sfn.describeMapRun(b -> b.mapRunArn(mapRunArn));
        assertThat(running.status()).isEqualTo(MapRunStatus.RUNNING);
        assertThat(running.itemCounts().running()).isEqualTo(1);
        assertThat(running.itemCounts().pending()).isEqualTo(2);
        assertThat(started).as("MaxConcurrency 1 holds the other items back").containsExactly("1");

        sfn.updateMapRun(b -> b.mapRunArn(mapRunArn).maxConcurrency(3).toleratedFailureCount(1L));
        while (started.size() < 3) {
            assertThat(System.nanoTime()).as("the other items start while item 1 still runs").isLessThan(deadline);
            Thread.sleep(10);
        }
        DescribeMapRunResponse updated = sfn.describeMapRun(b -> b.mapRunArn(mapRunArn));
        assertThat(updated.maxConcurrency()).isEqualTo(3);
        assertThat(updated.toleratedFailureCount()).isEqualTo(1);
        hold.countDown();
        assertThat(engine.awaitExecution(execution, Duration.ofSeconds(20)).status())
                .isEqualTo(dev.sagastack.local.stepfunctions.ExecutionStatus.SUCCEEDED);
        assertThat(sfn.describeMapRun(b -> b.mapRunArn(mapRunArn)).status()).isEqualTo(MapRunStatus.SUCCEEDED);
        assertThat(sfn.describeExecution(b -> b.executionArn(execution)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void refusesUnknownAndMalformedMapRunsAndBadSettings() {
        String sm = machine();
        String execution = sfn.startExecution(b -> b.stateMachineArn(sm).input("[3]")).executionArn();
        engine.awaitExecution(execution, Duration.ofSeconds(20));
        String mapRunArn = sfn.listMapRuns(b -> b.executionArn(execution)).mapRuns().get(0).mapRunArn();
        String unknown = sm.replace(":stateMachine:", ":mapRun:") + "/Items:00000000-0000-0000-0000-000000000000";
        assertThatThrownBy(() -> sfn.describeMapRun(b -> b.mapRunArn(unknown)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sfn.describeMapRun(b -> b.mapRunArn(sm))).isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.updateMapRun(b -> b.mapRunArn(mapRunArn).toleratedFailurePercentage(150f)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("toleratedFailurePercentage");
        assertThat(sfn.describeMapRun(b -> b.mapRunArn(mapRunArn)).toleratedFailurePercentage())
                .as("a refused update changes nothing").isZero();
        String inline = sfn.createStateMachine(b -> b.name("inline").roleArn(ROLE).definition(
                DEFINITION.replace(",\"ExecutionType\":\"STANDARD\"", "").replace("DISTRIBUTED", "INLINE")
                        .replace(",\"Label\":\"Items\"", ""))).stateMachineArn();
        String inlineExecution = sfn.startExecution(b -> b.stateMachineArn(inline).input("[3]")).executionArn();
        engine.awaitExecution(inlineExecution, Duration.ofSeconds(20));
        assertThat(sfn.listMapRuns(b -> b.executionArn(inlineExecution)).mapRuns()).as("an inline Map has no Map Run")
                .isEmpty();
        assertThat(types(inlineExecution)).doesNotContain(HistoryEventType.MAP_RUN_STARTED);
    }
    @Test
    void stoppingTheExecutionAbortsItsRunningMapRun() throws Exception {
        String sm = machine();
        hold = new CountDownLatch(1);
        String execution = sfn.startExecution(b -> b.stateMachineArn(sm).input("[1,3]")).executionArn();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!started.contains("1")) {
            assertThat(System.nanoTime()).as("the Map Run starts its first item").isLessThan(deadline);
            Thread.sleep(10);
        }
        sfn.stopExecution(b -> b.executionArn(execution).error("Operator").cause("stopped"));
        String mapRunArn = sfn.listMapRuns(b -> b.executionArn(execution)).mapRuns().get(0).mapRunArn();
        DescribeMapRunResponse aborted = sfn.describeMapRun(b -> b.mapRunArn(mapRunArn));
        assertThat(aborted.status()).isEqualTo(MapRunStatus.ABORTED);
        assertThat(aborted.stopDate()).isNotNull();
        assertThat(aborted.itemCounts().aborted()).isEqualTo(2);
        assertThat(types(execution)).containsSubsequence(HistoryEventType.MAP_RUN_STARTED,
                HistoryEventType.MAP_RUN_ABORTED, HistoryEventType.MAP_STATE_ABORTED,
                HistoryEventType.EXECUTION_ABORTED);
    }
}
