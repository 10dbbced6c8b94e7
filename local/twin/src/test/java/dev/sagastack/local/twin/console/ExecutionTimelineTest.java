package dev.sagastack.local.twin.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.stepfunctions.ExecutionInfo;
import dev.sagastack.local.stepfunctions.ExecutionStatus;
import dev.sagastack.local.stepfunctions.HistoryEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timeline (a bar per state visit, one per task attempt) and the event history table's columns (step,
 * resource, started after ms), from histories in GetExecutionHistory's event shapes, timestamps chosen per event.
 */
class ExecutionTimelineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String DEFINITION = """
            {"StartAt":"Reserve","States":{
              "Reserve":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"Pay"},
              "Pay":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
                "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Cancelled"}]},
              "Cancelled":{"Type":"Fail","Error":"PaymentFailed"}}}""";
    private static final String PAY_PARAMETERS =
            "{\"FunctionName\":\"arn:aws:lambda:us-east-1:000000000000:function:ProcessPayment\",\"Payload\":{}}";

    private final List<HistoryEvent> history = new ArrayList<>();

    private void at(long ms, String type, String detailsName, Map<String, Object> details) {
        long id = history.size() + 1;
        history.add(new HistoryEvent(id, id - 1, T0.plusMillis(ms), type, detailsName,
                details == null ? null : new HashMap<>(details)));
    }

    private void entered(long ms, String name) {
        at(ms, "TaskStateEntered", "stateEnteredEventDetails", Map.of("name", name, "input", Map.of()));
    }

    private void scheduled(long ms, Map<String, Object> parameters) {
        at(ms, "TaskScheduled", "taskScheduledEventDetails",
                Map.of("resourceType", "lambda", "resource", "invoke", "parameters", parameters));
    }

    private void failed(long ms, String error) {
        at(ms, "TaskFailed", "taskFailedEventDetails", Map.of("resourceType", "lambda", "resource", "invoke",
                "error", error, "cause", "outage"));
    }

    private void succeeded(long ms) {
        at(ms, "TaskSucceeded", "taskSucceededEventDetails", Map.of("resourceType", "lambda", "resource", "invoke",
                "output", Map.of()));
    }

    private void exited(long ms, String name) {
        at(ms, "TaskStateExited", "stateExitedEventDetails", Map.of("name", name, "output", Map.of()));
    }

    private static Map<String, Object> payParameters() {
        return Map.of("FunctionName", "arn:aws:lambda:us-east-1:000000000000:function:ProcessPayment", "Payload", Map.of());
    }

    @Test
    void retriesAreSeparateAttemptsOfOneSpanAndAStopClosesTheRunningAttempt() {
        at(0, "ExecutionStarted", "executionStartedEventDetails", Map.of("input", Map.of()));
        entered(5, "Reserve");
        scheduled(6, Map.of("FunctionName", "Reserve", "Payload", Map.of()));
        succeeded(40);
        exited(41, "Reserve");
        entered(42, "Pay");
        scheduled(43, payParameters());
        failed(100, "dev.sagastack.saga.TransientError");
        scheduled(1100, payParameters());
        failed(1150, "dev.sagastack.saga.TransientError");
        scheduled(3150, payParameters());
        at(3200, "ExecutionAborted", "executionAbortedEventDetails", Map.of("error", "Stopped"));

        ExecutionTimeline.Timeline timeline = ExecutionTimeline.of(history);

        assertThat(timeline.spans()).extracting(ExecutionTimeline.Span::state).containsExactly("Reserve", "Pay");
        ExecutionTimeline.Span reserve = timeline.spans().get(0);
        assertThat(reserve.startMs()).isEqualTo(5);
        assertThat(reserve.endMs()).contains(41L);
        assertThat(reserve.outcome()).isEqualTo("succeeded");
        assertThat(reserve.retries()).isZero();
        ExecutionTimeline.Span pay = timeline.spans().get(1);
        assertThat(pay.outcome()).isEqualTo("aborted");
        assertThat(pay.endMs()).contains(3200L);
        assertThat(pay.retries()).isEqualTo(2);
        assertThat(pay.attempts()).extracting(ExecutionTimeline.Attempt::startMs).containsExactly(43L, 1100L, 3150L);
        assertThat(pay.attempts()).extracting(ExecutionTimeline.Attempt::outcome).containsExactly("failed", "failed", "failed");
        assertThat(pay.attempts().get(0).error()).contains("dev.sagastack.saga.TransientError");
        assertThat(timeline.endMs()).contains(3200L);
    }

    @Test
    void aRedriveIsMarkedAndTheRedrivenStateGetsANewSpanThatSucceeds() {
        at(0, "ExecutionStarted", "executionStartedEventDetails", Map.of("input", Map.of()));
        entered(10, "Pay");
        scheduled(11, payParameters());
        at(500, "ExecutionAborted", "executionAbortedEventDetails", Map.of());
        at(9000, "ExecutionRedriven", "executionRedrivenEventDetails", Map.of("redriveCount", 1));
        entered(9001, "Pay");
        scheduled(9002, payParameters());
        succeeded(9050);
        exited(9051, "Pay");
        at(9052, "ExecutionSucceeded", "executionSucceededEventDetails", Map.of("output", Map.of()));

        ExecutionTimeline.Timeline timeline = ExecutionTimeline.of(history);

        assertThat(timeline.redrivesAtMs()).containsExactly(9000L);
        assertThat(timeline.spans()).extracting(ExecutionTimeline.Span::outcome).containsExactly("aborted", "succeeded");
        assertThat(timeline.spans().get(1).attempts()).singleElement()
                .satisfies(a -> assertThat(a.outcome()).isEqualTo("succeeded"));
        assertThat(timeline.endMs()).contains(9052L);
    }

    @Test
    void aRunningStateHasNoEndAndACaughtFailureEndsWhereTheCatchTargetStarts() {
        at(0, "ExecutionStarted", "executionStartedEventDetails", Map.of("input", Map.of()));
        entered(10, "Pay");
        scheduled(11, payParameters());
        failed(30, "InsufficientFunds");
        at(31, "FailStateEntered", "stateEnteredEventDetails", Map.of("name", "Cancelled", "input", Map.of()));
        at(32, "ExecutionFailed", "executionFailedEventDetails", Map.of("error", "PaymentFailed"));
        assertThat(ExecutionTimeline.of(history).spans()).extracting(ExecutionTimeline.Span::outcome)
                .containsExactly("caught", "failed");

        history.clear();
        at(0, "ExecutionStarted", "executionStartedEventDetails", Map.of("input", Map.of()));
        entered(10, "Pay");
        scheduled(11, payParameters());

        ExecutionTimeline.Span running = ExecutionTimeline.of(history).spans().get(0);
        assertThat(running.outcome()).isEqualTo("running");
        assertThat(running.endMs()).isEmpty();
        assertThat(running.attempts()).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("running");
            assertThat(a.endMs()).isEmpty();
        });
    }

    @Test
    void historyRowsNameTheStepTheInvokedFunctionAndTheMillisecondsSinceTheStart() {
        at(0, "ExecutionStarted", "executionStartedEventDetails", Map.of("input", Map.of()));
        entered(5, "Reserve");
        scheduled(6, payParameters());
        failed(250, "dev.sagastack.saga.TransientError");
        at(260, "ExecutionFailed", "executionFailedEventDetails", Map.of("error", "States.TaskFailed"));
        ExecutionInfo execution = new ExecutionInfo("arn:exec", "arn:sm", "order-1", ExecutionStatus.FAILED, T0,
                Optional.of(T0.plusMillis(260)), "{}", Optional.empty(), Optional.of("States.TaskFailed"), Optional.empty(),
                Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.of("REDRIVABLE"), Optional.empty());

        ObjectNode view = ExecutionView.build(execution, DEFINITION, history);

        JsonNode failure = view.get("history").get(3);
        assertThat(failure.get("type").asText()).isEqualTo("TaskFailed");
        assertThat(failure.get("state").asText()).isEqualTo("Reserve");
        assertThat(failure.get("resource").asText()).isEqualTo("ProcessPayment");
        assertThat(failure.get("sinceStartMs").asLong()).isEqualTo(250);
        assertThat(view.get("history").get(0).has("resource")).isFalse();
        assertThat(view.get("history").get(4).has("state")).isFalse();
        assertThat(view.get("execution").get("redriveStatus").asText()).isEqualTo("REDRIVABLE");
        assertThat(view.get("execution").get("redriveCount").asInt()).isZero();
        assertThat(view.get("timeline").get("spans").get(0).get("attempts").get(0).get("error").asText())
                .isEqualTo("dev.sagastack.saga.TransientError");
    }

    @Test
    void theFunctionNameComesFromAnArnOrAPlainNameAndNothingElse() {
        assertThat(ExecutionView.functionName(PAY_PARAMETERS)).contains("ProcessPayment");
        assertThat(ExecutionView.functionName("{\"FunctionName\":\"Reserve:live\"}")).contains("Reserve:live");
        assertThat(ExecutionView.functionName("{\"TableName\":\"t\"}")).isEmpty();
        assertThat(ExecutionView.functionName("not json")).isEmpty();
        assertThat(ExecutionView.functionName(null)).isEmpty();
    }
}
