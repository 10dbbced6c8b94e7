package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GetExecutionHistory as the API reference documents it ("GetExecutionHistory", "HistoryEvent" and
 * its *EventDetails shapes): Map and Parallel events, retries, evaluationFailedEventDetails,
 * assignedVariables with assignedVariablesDetails, previousEventId chains, pagination, reverseOrder,
 * includeExecutionData=false, and the version/alias ARNs of ExecutionStarted.
 */
class HistoryFidelityTest {
    private static final String FN = "arn:aws:states:::lambda:invoke";
    private static TestEngine t;
    private static StepFunctionsServer server;
    private static SfnClient sfn;
    private static final AtomicInteger flaky = new AtomicInteger();

    @BeforeAll
    static void start() {
        t = new TestEngine();
        t.function("flaky", (p, c) -> flaky.incrementAndGet() < 3
                ? InvocationResult.functionError("Busy", "try later") : InvocationResult.success("{\"ok\":true}"));
        t.function("item", (p, c) -> InvocationResult.success(p));
        server = StepFunctionsServer.start(t.engine, 0);
        sfn = SfnClients.of(server.endpoint());
    }

    @AfterAll
    static void stop() {
        sfn.close();
        server.close();
        t.close();
    }

    private static String run(String name, String definition, String input) {
        String sm = sfn.createStateMachine(b -> b.name(name).definition(definition)
                .roleArn("arn:aws:iam::123456789012:role/r").publish(true)).stateMachineArn();
        String alias = sfn.createStateMachineAlias(b -> b.name("live").routingConfiguration(r -> r
                .stateMachineVersionArn(sm + ":1").weight(100))).stateMachineAliasArn();
        String exec = sfn.startExecution(b -> b.stateMachineArn(alias).input(input)).executionArn();
        t.engine.awaitExecution(exec, Duration.ofSeconds(10));
        return exec;
    }

    private static List<HistoryEvent> all(String exec) {
        return sfn.getExecutionHistory(b -> b.executionArn(exec).maxResults(1000)).events();
    }

    /**
     * Ids are 1..n and every previousEventId names an earlier event, or 0 (AWS gives the first state's
     * Entered event previousEventId 0, as ExecutionStarted has).
     */
    private static void assertChains(List<HistoryEvent> h) {
        Set<Long> seen = new HashSet<>(Set.of(0L));
        for (int i = 0; i < h.size(); i++) {
            HistoryEvent e = h.get(i);
            assertThat(e.id()).isEqualTo(i + 1L);
            if (i > 0) {
                assertThat(seen).as("previousEventId of %s", e).contains(e.previousEventId());
            }
            seen.add(e.id());
        }
    }

    @Test
    void mapParallelAndRetriesAsDocumented() {
        String exec = run("fidelity", """
                {"StartAt":"Both","States":{
                  "Both":{"Type":"Parallel","Next":"Each","Branches":[
                    {"StartAt":"Flaky","States":{"Flaky":{"Type":"Task","Resource":"%1$s",
                      "Parameters":{"FunctionName":"flaky"},"OutputPath":"$.Payload",
                      "Retry":[{"ErrorEquals":["Busy"],"IntervalSeconds":1,"MaxAttempts":3}],"End":true}}},
                    {"StartAt":"Mark","States":{"Mark":{"Type":"Pass","Result":"marked","End":true}}}],
                    "ResultPath":"$.both"},
                  "Each":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":1,"ItemProcessor":{"StartAt":"Item",
                    "States":{"Item":{"Type":"Task","Resource":"%1$s","Parameters":{"FunctionName":"item","Payload.$":"$"},
                    "OutputPath":"$.Payload","End":true}}},"Assign":{"count.$":"States.ArrayLength($)"},"End":true}}}"""
                .formatted(FN), "{\"items\":[1,2]}");
        List<HistoryEvent> h = all(exec);
        assertChains(h);
        HistoryEvent started = h.get(0);
        assertThat(started.executionStartedEventDetails().stateMachineVersionArn()).endsWith(":fidelity:1");
        assertThat(started.executionStartedEventDetails().stateMachineAliasArn()).endsWith(":fidelity:live");

        List<HistoryEventType> types = h.stream().map(HistoryEvent::type).toList();
        assertThat(types).containsSubsequence(HistoryEventType.PARALLEL_STATE_ENTERED,
                HistoryEventType.PARALLEL_STATE_STARTED, HistoryEventType.PARALLEL_STATE_SUCCEEDED,
                HistoryEventType.PARALLEL_STATE_EXITED, HistoryEventType.MAP_STATE_ENTERED,
                HistoryEventType.MAP_STATE_STARTED, HistoryEventType.MAP_ITERATION_STARTED,
                HistoryEventType.MAP_ITERATION_SUCCEEDED, HistoryEventType.MAP_ITERATION_STARTED,
                HistoryEventType.MAP_ITERATION_SUCCEEDED, HistoryEventType.MAP_STATE_SUCCEEDED,
                HistoryEventType.MAP_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED);
        // a retry schedules the task again without entering the state again
        assertThat(types.stream().filter(x -> x == HistoryEventType.TASK_FAILED).count()).isEqualTo(2);
        assertThat(types.stream().filter(x -> x == HistoryEventType.TASK_SCHEDULED).count()).isEqualTo(3 + 2);
        List<HistoryEvent> flakyEvents = h.stream().filter(e -> e.type() == HistoryEventType.TASK_STATE_ENTERED
                && e.stateEnteredEventDetails().name().equals("Flaky")).toList();
        assertThat(flakyEvents).hasSize(1);
        HistoryEvent failed = h.stream().filter(e -> e.type() == HistoryEventType.TASK_FAILED).findFirst().orElseThrow();
        assertThat(failed.taskFailedEventDetails().error()).isEqualTo("Busy");
        assertThat(failed.taskFailedEventDetails().resourceType()).isEqualTo("lambda");
        assertThat(failed.taskFailedEventDetails().resource()).isEqualTo("invoke");
        HistoryEvent retried = h.get(h.indexOf(failed) + 1);
        assertThat(retried.type()).isEqualTo(HistoryEventType.TASK_SCHEDULED);
        assertThat(retried.timestamp()).isAfterOrEqualTo(failed.timestamp().plusSeconds(1));

        HistoryEvent mapStarted = h.stream().filter(e -> e.type() == HistoryEventType.MAP_STATE_STARTED).findFirst()
                .orElseThrow();
        assertThat(mapStarted.mapStateStartedEventDetails().length()).isEqualTo(2);
        List<HistoryEvent> iterations = h.stream().filter(e -> e.type() == HistoryEventType.MAP_ITERATION_STARTED).toList();
        assertThat(iterations).extracting(e -> e.mapIterationStartedEventDetails().index()).containsExactly(0, 1);
        assertThat(iterations).allSatisfy(e -> assertThat(e.mapIterationStartedEventDetails().name()).isEqualTo("Each"));

        HistoryEvent mapExited = h.stream().filter(e -> e.type() == HistoryEventType.MAP_STATE_EXITED).findFirst()
                .orElseThrow();
        assertThat(mapExited.stateExitedEventDetails().assignedVariables()).containsEntry("count", "2");
        assertThat(mapExited.stateExitedEventDetails().assignedVariablesDetails().truncated()).isFalse();
        assertThat(mapExited.stateExitedEventDetails().outputDetails().truncated()).isFalse();
    }

    @Test
    void pagesReverseOrderAndExecutionDataOff() {
        String exec = run("paged", """
                {"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"C"},
                  "C":{"Type":"Task","Resource":"%s","Parameters":{"FunctionName":"item","Payload":{"secret":1}},
                  "End":true}}}""".formatted(FN), "{\"secret\":1}");
        List<HistoryEvent> h = all(exec);
        List<HistoryEvent> paged = new ArrayList<>();
        String token = null;
        do {
            String tk = token;
            GetExecutionHistoryResponse p = sfn.getExecutionHistory(b -> b.executionArn(exec).maxResults(3).nextToken(tk));
            assertThat(p.events().size()).isLessThanOrEqualTo(3);
            paged.addAll(p.events());
            token = p.nextToken();
        } while (token != null);
        assertThat(paged).isEqualTo(h);
        List<HistoryEvent> reversed = new ArrayList<>(h);
        java.util.Collections.reverse(reversed);
        assertThat(sfn.getExecutionHistory(b -> b.executionArn(exec).reverseOrder(true)).events()).isEqualTo(reversed);

        List<HistoryEvent> bare = sfn.getExecutionHistory(b -> b.executionArn(exec).includeExecutionData(false)).events();
        assertThat(bare).extracting(HistoryEvent::type).isEqualTo(h.stream().map(HistoryEvent::type).toList());
        assertThat(bare.toString()).doesNotContain("secret");
        assertThat(bare.get(0).executionStartedEventDetails().roleArn()).isNotNull();
        assertThat(bare.stream().filter(e -> e.type() == HistoryEventType.TASK_SCHEDULED).findFirst().orElseThrow()
                .taskScheduledEventDetails().resource()).isEqualTo("invoke");
    }

    @Test
    void evaluationFailuresCarryLocationAndState() {
        String exec = run("evaluation", """
                {"QueryLanguage":"JSONata","StartAt":"Bad","States":{"Bad":{"Type":"Pass",
                  "Output":{"x":"{% $number('abc') + $missing.y %}"},"End":true}}}""", "{}");
        List<HistoryEvent> h = all(exec);
        HistoryEvent ev = h.stream().filter(e -> e.type() == HistoryEventType.EVALUATION_FAILED).findFirst()
                .orElseThrow(() -> new AssertionError(h.toString()));
        assertThat(ev.evaluationFailedEventDetails().error()).isEqualTo("States.QueryEvaluationError");
        assertThat(ev.evaluationFailedEventDetails().state()).isEqualTo("Bad");
        assertThat(ev.evaluationFailedEventDetails().location()).isEqualTo("Output/x");
        assertThat(h.get(h.size() - 1).type()).isEqualTo(HistoryEventType.EXECUTION_FAILED);
        assertChains(h);
    }
}
