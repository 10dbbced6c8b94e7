package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineForExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.SfnException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The child workflow executions of a Map Run through the real SDK: each item (or batch) of a
 * Distributed Map runs as one child execution named
 * {@code arn:aws:states:REGION:ACCOUNT:execution:STATEMACHINE/LABEL:NAME} (Developer Guide "Examining
 * Map Run"), listed by ListExecutions with a mapRunArn (with mapRunArn and itemCount, ListExecutions
 * API reference and ExecutionListItem), described by DescribeExecution (its mapRunArn), with a history
 * of its own (GetExecutionHistory), and counted in
 * DescribeMapRun's itemCounts and executionCounts (MapRunItemCounts, MapRunExecutionCounts), also after
 * the parent is redriven (Developer Guide "Redriving Map Runs": failed children are redriven).
 */
class MapRunChildExecutionsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/r";
    private static final String DEFINITION = """
            {"StartAt":"Items","States":{"Items":{"Type":"Map","Label":"Items","MaxConcurrency":1,"End":true,
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                "StartAt":"Work","States":{"Work":{"Type":"Task",
                  "Resource":"arn:aws:lambda:us-east-1:123456789012:function:work","End":true}}}}}}""";
    private static final String CHILD_ARN = "arn:aws:states:us-east-1:123456789012:execution:%s/Items:"
            + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final AtomicBoolean outage = new AtomicBoolean();
    private StepFunctionsEngine engine;
    private StepFunctionsServer server;
    private SfnClient sfn;

    @BeforeEach
    void start() {
        engine = StepFunctionsEngine.builder().virtualTime(Instant.parse("2025-01-01T00:00:00Z"))
                .lambdaInvoker((name, payload, ctx) -> {
                    if (payload.equals("2") && outage.get()) {
                        return InvocationResult.functionError("DependencyDown", "item 2's dependency is down");
                    }
                    return InvocationResult.success("\"done-" + payload.replaceAll("[^0-9]", "") + "\"");
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

    private String failedRun(String machineName, String definition) {
        String sm = sfn.createStateMachine(b -> b.name(machineName).roleArn(ROLE).definition(definition))
                .stateMachineArn();
        outage.set(true);
        String execution = sfn.startExecution(b -> b.stateMachineArn(sm).input("[1,2,3]")).executionArn();
        assertThat(engine.awaitExecution(execution, Duration.ofSeconds(20)).status())
                .isEqualTo(dev.sagastack.local.stepfunctions.ExecutionStatus.FAILED);
        return execution;
    }

    private String mapRunOf(String execution) {
        return sfn.listMapRuns(b -> b.executionArn(execution)).mapRuns().get(0).mapRunArn();
    }

    private List<ExecutionListItem> children(String mapRunArn) {
        return sfn.listExecutions(b -> b.mapRunArn(mapRunArn)).executions();
    }

    @Test
    void listsDescribesAndCountsTheChildExecutionsOfAMapRunBeforeAndAfterARedrive() {
        String execution = failedRun("items", DEFINITION);
        String mapRunArn = mapRunOf(execution);

        List<ExecutionListItem> children = children(mapRunArn);
        assertThat(children).as("items 1 and 2 ran; item 3 never started").hasSize(2);
        assertThat(children).allSatisfy(c -> {
            assertThat(c.executionArn()).matches(String.format(CHILD_ARN, "items"));
            assertThat(c.stateMachineArn()).endsWith(":stateMachine:items/Items");
            assertThat(c.mapRunArn()).isEqualTo(mapRunArn);
            assertThat(c.itemCount()).isEqualTo(1);
        });
        assertThat(children).extracting(ExecutionListItem::status)
                .containsExactlyInAnyOrder(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED);
        ExecutionListItem failed = sfn.listExecutions(b -> b.mapRunArn(mapRunArn)
                .statusFilter(ExecutionStatus.FAILED)).executions().get(0);
        DescribeExecutionResponse child = sfn.describeExecution(b -> b.executionArn(failed.executionArn()));
        assertThat(child.mapRunArn()).isEqualTo(mapRunArn);
        assertThat(child.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(child.input()).isEqualTo("2");
        assertThat(child.error()).isEqualTo("DependencyDown");
        assertThat(child.redriveStatus()).isEqualTo(ExecutionRedriveStatus.REDRIVABLE);
        assertThat(child.stopDate()).isNotNull();
        assertThat(sfn.describeExecution(b -> b.executionArn(execution)).mapRunArn())
                .as("the parent was not started by a Map Run").isNull();

        DescribeMapRunResponse before = sfn.describeMapRun(b -> b.mapRunArn(mapRunArn));
        assertThat(before.executionCounts().total()).isEqualTo(3);
        assertThat(before.executionCounts().succeeded()).isEqualTo(1);
        assertThat(before.executionCounts().failed()).isEqualTo(1);
        assertThat(before.executionCounts().aborted()).isEqualTo(1);
        assertThat(before.executionCounts().running()).isZero();
        assertThat(before.executionCounts().pending()).isZero();
        assertThat(before.executionCounts().failuresNotRedrivable()).as("the parent is redrivable").isZero();
        assertThat(before.executionCounts().pendingRedrive()).isZero();
        assertThat(before.executionCounts().resultsWritten()).as("no ResultWriter").isZero();

        outage.set(false);
        sfn.redriveExecution(b -> b.executionArn(execution));
        assertThat(engine.awaitExecution(execution, Duration.ofSeconds(20)).status())
                .isEqualTo(dev.sagastack.local.stepfunctions.ExecutionStatus.SUCCEEDED);
        List<ExecutionListItem> after = children(mapRunArn);
        assertThat(after).as("the redrive started item 3's child").hasSize(3)
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(ExecutionStatus.SUCCEEDED));
        DescribeExecutionResponse redriven = sfn.describeExecution(b -> b.executionArn(failed.executionArn()));
        assertThat(redriven.status()).as("the failed child is redriven under its own ARN")
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(redriven.redriveCount()).isEqualTo(1);
        assertThat(redriven.redriveDate()).isNotNull();
        assertThat(redriven.output()).isEqualTo("\"done-2\"");
        assertThat(redriven.error()).isNull();

        DescribeMapRunResponse counts = sfn.describeMapRun(b -> b.mapRunArn(mapRunArn));
        assertThat(counts.executionCounts().succeeded()).isEqualTo(3);
        assertThat(counts.executionCounts().failed()).isZero();
        assertThat(counts.executionCounts().aborted()).isZero();
        assertThat(counts.executionCounts().running()).isZero();
        assertThat(counts.executionCounts().pending()).isZero();
        assertThat(counts.itemCounts().succeeded()).isEqualTo(3);
        assertThat(counts.itemCounts().total()).isEqualTo(3);
    }

    @Test
    void aChildExecutionHasItsOwnHistory() {
        String execution = failedRun("histories", DEFINITION);
        String mapRunArn = mapRunOf(execution);
        String failed = sfn.listExecutions(b -> b.mapRunArn(mapRunArn).statusFilter(ExecutionStatus.FAILED))
                .executions().get(0).executionArn();
        List<HistoryEvent> events = sfn.getExecutionHistory(b -> b.executionArn(failed)).events();
        assertThat(events).extracting(HistoryEvent::type).containsExactly(HistoryEventType.EXECUTION_STARTED,
                HistoryEventType.TASK_STATE_ENTERED, HistoryEventType.LAMBDA_FUNCTION_SCHEDULED,
                HistoryEventType.LAMBDA_FUNCTION_STARTED, HistoryEventType.LAMBDA_FUNCTION_FAILED,
                HistoryEventType.EXECUTION_FAILED);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).id()).isEqualTo(i + 1L);
            // the first state's Entered event has previousEventId 0, as in any execution's history
            assertThat(events.get(i).previousEventId()).isEqualTo(i == 1 ? 0L : i);
        }
        assertThat(events.get(0).executionStartedEventDetails().input()).isEqualTo("2");
        assertThat(events.get(5).executionFailedEventDetails().error()).isEqualTo("DependencyDown");

        String succeeded = sfn.listExecutions(b -> b.mapRunArn(mapRunArn).statusFilter(ExecutionStatus.SUCCEEDED))
                .executions().get(0).executionArn();
        List<HistoryEvent> ok = sfn.getExecutionHistory(b -> b.executionArn(succeeded).reverseOrder(true)).events();
        assertThat(ok.get(0).type()).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(ok.get(0).executionSucceededEventDetails().output()).isEqualTo("\"done-1\"");
        assertThat(ok).extracting(HistoryEvent::type).contains(HistoryEventType.TASK_STATE_EXITED)
                .doesNotContain(HistoryEventType.MAP_ITERATION_SUCCEEDED, HistoryEventType.MAP_RUN_STARTED);
    }

    @Test
    void aBatchIsOneChildExecutionCountedByItsItems() {
        String sm = sfn.createStateMachine(b -> b.name("batches").roleArn(ROLE).definition(DEFINITION
                .replace("\"MaxConcurrency\":1,", "\"MaxConcurrency\":1,\"ItemBatcher\":{\"MaxItemsPerBatch\":2},")))
                .stateMachineArn();
        String execution = sfn.startExecution(b -> b.stateMachineArn(sm).input("[1,2,3,4,5]")).executionArn();
        assertThat(engine.awaitExecution(execution, Duration.ofSeconds(20)).status())
                .isEqualTo(dev.sagastack.local.stepfunctions.ExecutionStatus.SUCCEEDED);
        String mapRunArn = mapRunOf(execution);
        assertThat(children(mapRunArn)).extracting(ExecutionListItem::itemCount).containsExactlyInAnyOrder(2, 2, 1);
        DescribeMapRunResponse run = sfn.describeMapRun(b -> b.mapRunArn(mapRunArn));
        assertThat(run.itemCounts().total()).isEqualTo(5);
        assertThat(run.itemCounts().succeeded()).isEqualTo(5);
        assertThat(run.executionCounts().total()).isEqualTo(3);
        assertThat(run.executionCounts().succeeded()).isEqualTo(3);
        ExecutionListItem first = children(mapRunArn).stream().filter(c -> c.itemCount() == 1).findFirst()
                .orElseThrow();
        assertThat(sfn.describeExecution(b -> b.executionArn(first.executionArn())).input())
                .isEqualTo("{\"Items\":[5]}");
    }

    @Test
    void failuresOfAParentPastItsRedrivablePeriodAreNotRedrivable() {
        String execution = failedRun("expired", DEFINITION);
        String mapRunArn = mapRunOf(execution);
        engine.advanceTime(Duration.ofDays(15));
        DescribeMapRunResponse run = sfn.describeMapRun(b -> b.mapRunArn(mapRunArn));
        assertThat(run.executionCounts().failuresNotRedrivable()).as("the failed and the aborted child")
                .isEqualTo(2);
        assertThat(run.itemCounts().failuresNotRedrivable()).isEqualTo(2);
        String failed = sfn.listExecutions(b -> b.mapRunArn(mapRunArn).statusFilter(ExecutionStatus.FAILED))
                .executions().get(0).executionArn();
        DescribeExecutionResponse child = sfn.describeExecution(b -> b.executionArn(failed));
        assertThat(child.redriveStatus()).isEqualTo(ExecutionRedriveStatus.NOT_REDRIVABLE);
        assertThat(child.redriveStatusReason()).isEqualTo("Execution redrivable period exceeded.");
    }

    @Test
    void refusesAMapRunListingWithAStateMachineOrAnUnknownMapRun() {
        String execution = failedRun("refusals", DEFINITION);
        String mapRunArn = mapRunOf(execution);
        String sm = sfn.describeExecution(b -> b.executionArn(execution)).stateMachineArn();
        assertThatThrownBy(() -> sfn.listExecutions(b -> b.mapRunArn(mapRunArn).stateMachineArn(sm)))
                .isInstanceOf(SfnException.class).hasMessageContaining("not both");
        String unknown = mapRunArn.substring(0, mapRunArn.lastIndexOf(':') + 1) + "00000000-0000-0000-0000-000000000000";
        assertThatThrownBy(() -> sfn.listExecutions(b -> b.mapRunArn(unknown)))
                .isInstanceOf(ResourceNotFoundException.class);
        String unknownChild = sm.replace(":stateMachine:", ":execution:") + "/Items:00000000-0000-0000-0000-000000000000";
        assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn(unknownChild)))
                .isInstanceOf(software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException.class);
    }

    /**
     * DescribeStateMachineForExecution API reference: "If a Map Run dispatched the execution, this action returns the
     * Map Run Amazon Resource Name (ARN) in the response. The state machine returned is the state machine associated
     * with the Map Run"; mapRunArn and label are "returned only if the executionArn is a child workflow execution that
     * was started by a Distributed Map state".
     */
    @Test
    void describeStateMachineForExecutionOfAChildNamesItsMapRunAndLabel() {
        String execution = failedRun("labelled", DEFINITION);
        String mapRunArn = mapRunOf(execution);
        String child = children(mapRunArn).get(0).executionArn();

        DescribeStateMachineForExecutionResponse parent = sfn.describeStateMachineForExecution(b -> b.executionArn(execution));
        DescribeStateMachineForExecutionResponse ofChild = sfn.describeStateMachineForExecution(b -> b.executionArn(child));

        assertThat(ofChild.mapRunArn()).isEqualTo(mapRunArn);
        assertThat(ofChild.label()).isEqualTo("Items");
        assertThat(ofChild.stateMachineArn()).isEqualTo(parent.stateMachineArn());
        assertThat(ofChild.name()).isEqualTo("labelled");
        assertThat(ofChild.definition()).isEqualTo(parent.definition());
        assertThat(ofChild.roleArn()).isEqualTo(ROLE);
        assertThat(parent.mapRunArn()).as("the parent was not started by a Map Run").isNull();
        assertThat(parent.label()).isNull();
        String unknownChild = child.substring(0, child.lastIndexOf(':') + 1) + "00000000-0000-0000-0000-000000000000";
        assertThatThrownBy(() -> sfn.describeStateMachineForExecution(b -> b.executionArn(unknownChild)))
                .isInstanceOf(software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException.class);
    }
}
