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

/** Outcomes of states from a history in GetExecutionHistory's event shapes, on a small saga definition. */
class ExecutionViewTest {

    private static final String DEFINITION = """
            {"StartAt":"Reserve","States":{
              "Reserve":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"Pay",
                "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Release"}]},
              "Pay":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"Done",
                "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Refund"}]},
              "Done":{"Type":"Succeed"},
              "Refund":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"Release"},
              "Release":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"Cancelled"},
              "Cancelled":{"Type":"Fail","Error":"PaymentFailed"}}}""";

    private final List<HistoryEvent> history = new ArrayList<>();

    private void event(String type, String detailsName, Map<String, Object> details) {
        long id = history.size() + 1;
        history.add(new HistoryEvent(id, id - 1, Instant.parse("2026-01-01T00:00:00Z").plusMillis(id), type, detailsName,
                details == null ? null : new HashMap<>(details)));
    }

    private void task(String name, String... attempts) {
        event("TaskStateEntered", "stateEnteredEventDetails", Map.of("name", name, "input", Map.of("n", 1)));
        for (String attempt : attempts) {
            event("TaskScheduled", "taskScheduledEventDetails", Map.of("resource", "invoke"));
            if (attempt.equals("ok")) {
                event("TaskSucceeded", "taskSucceededEventDetails", Map.of("output", "{}"));
            } else {
                event("TaskFailed", "taskFailedEventDetails", Map.of("error", attempt, "cause", "because"));
            }
        }
        if (attempts[attempts.length - 1].equals("ok")) {
            event("TaskStateExited", "stateExitedEventDetails", Map.of("name", name, "output", Map.of("done", true)));
        }
    }

    private static ExecutionInfo execution(ExecutionStatus status) {
        return new ExecutionInfo("arn:exec", "arn:sm", "order-1", status, Instant.parse("2026-01-01T00:00:00Z"),
                Optional.empty(), "{}", Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static Map<String, JsonNode> states(ObjectNode view) {
        Map<String, JsonNode> states = new HashMap<>();
        view.get("states").forEach(s -> states.put(s.get("name").asText(), s));
        return states;
    }

    @Test
    void aCaughtFailureAndItsCompensationsAreToldApartFromTheHappyPath() {
        event("ExecutionStarted", "executionStartedEventDetails", Map.of("input", Map.of()));
        task("Reserve", "ok");
        task("Pay", "Lambda.ServiceException", "InsufficientFunds");
        task("Refund", "ok");
        task("Release", "ok");
        event("FailStateEntered", "stateEnteredEventDetails", Map.of("name", "Cancelled", "input", Map.of()));
        event("ExecutionFailed", "executionFailedEventDetails", Map.of("error", "PaymentFailed", "cause", ""));

        Map<String, JsonNode> states = states(ExecutionView.build(execution(ExecutionStatus.FAILED), DEFINITION, history));

        assertThat(states.get("Reserve").get("outcome").asText()).isEqualTo("succeeded");
        assertThat(states.get("Pay").get("outcome").asText()).isEqualTo("caught");
        assertThat(states.get("Pay").get("failures").asInt()).isEqualTo(2);
        assertThat(states.get("Pay").get("error").asText()).isEqualTo("InsufficientFunds");
        assertThat(states.get("Done").get("outcome").asText()).isEqualTo("not-run");
        assertThat(states.get("Refund").get("outcome").asText()).isEqualTo("compensated");
        assertThat(states.get("Release").get("outcome").asText()).isEqualTo("compensated");
        assertThat(states.get("Cancelled").get("outcome").asText()).isEqualTo("failed");
        assertThat(states.get("Refund").get("compensation").asBoolean()).isTrue();
        assertThat(states.get("Pay").get("compensation").asBoolean()).isFalse();
        assertThat(states.get("Reserve").get("column").asInt()).isZero();
        assertThat(states.get("Refund").get("column").asInt()).isEqualTo(1);
        assertThat(states.get("Refund").get("row").asInt()).isLessThan(states.get("Release").get("row").asInt());
    }

    @Test
    void aRetriedTaskThatFinallySucceedsIsSucceededAndARunningOneIsRunning() {
        event("ExecutionStarted", "executionStartedEventDetails", Map.of("input", Map.of()));
        task("Reserve", "Sandbox.Timedout", "ok");
        event("TaskStateEntered", "stateEnteredEventDetails", Map.of("name", "Pay", "input", Map.of()));
        event("TaskScheduled", "taskScheduledEventDetails", Map.of("resource", "invoke"));

        ObjectNode view = ExecutionView.build(execution(ExecutionStatus.RUNNING), DEFINITION, history);
        Map<String, JsonNode> states = states(view);

        assertThat(states.get("Reserve").get("outcome").asText()).isEqualTo("succeeded");
        assertThat(states.get("Reserve").get("failures").asInt()).isEqualTo(1);
        assertThat(states.get("Reserve").get("output").asText()).isEqualTo("{\"done\":true}");
        assertThat(states.get("Pay").get("outcome").asText()).isEqualTo("running");
        assertThat(view.get("edges").toString()).contains("{\"from\":\"Pay\",\"to\":\"Refund\",\"kind\":\"catch\"}");
        assertThat(view.get("history").get(1).get("state").asText()).isEqualTo("Reserve");
    }
}
