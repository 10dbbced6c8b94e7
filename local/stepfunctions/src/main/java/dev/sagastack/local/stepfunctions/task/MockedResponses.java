package dev.sagastack.local.stepfunctions.task;

import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.json.JsonException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock configuration file of the retired Step Functions Local
 * ({@code StateMachines → TestCases → state → MockedResponse name}; {@code MockedResponses → name →
 * "0" / "1-2" → Return | Throw}). An execution started for a test case gets the mocked response
 * for each listed state, by the state's invocation count in that execution; unlisted states call
 * their real integration.
 */
public final class MockedResponses {
    private static final Pattern RANGE = Pattern.compile("^(\\d+)(?:-(\\d+))?$");

    private final Map<String, Map<String, Map<String, String>>> testCases;
    private final Map<String, Map<String, Object>> responses;

    private MockedResponses(Map<String, Map<String, Map<String, String>>> testCases,
                            Map<String, Map<String, Object>> responses) {
        this.testCases = testCases;
        this.responses = responses;
    }

    /** Parses and checks the file; throws {@link IllegalArgumentException} naming the problem. */
    public static MockedResponses parse(String json) {
        Object root;
        try {
            root = Json.parse(json);
        } catch (JsonException e) {
            throw new IllegalArgumentException("mock config is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map)) {
            throw new IllegalArgumentException("mock config must be a JSON object");
        }
        Map<String, Object> m = Json.asObject(root);
        Map<String, Map<String, Map<String, String>>> cases = new LinkedHashMap<>();
        Object sms = m.get("StateMachines");
        if (sms instanceof Map) {
            for (Map.Entry<String, Object> sm : Json.asObject(sms).entrySet()) {
                Object tcs = sm.getValue() instanceof Map ? Json.asObject(sm.getValue()).get("TestCases") : null;
                if (!(tcs instanceof Map)) {
                    throw new IllegalArgumentException("StateMachines." + sm.getKey() + ".TestCases must be an object");
                }
                Map<String, Map<String, String>> byCase = new LinkedHashMap<>();
                for (Map.Entry<String, Object> tc : Json.asObject(tcs).entrySet()) {
                    if (!(tc.getValue() instanceof Map)) {
                        throw new IllegalArgumentException("test case " + tc.getKey() + " must map state names to responses");
                    }
                    Map<String, String> states = new LinkedHashMap<>();
                    Json.asObject(tc.getValue()).forEach((state, resp) -> states.put(state, String.valueOf(resp)));
                    byCase.put(tc.getKey(), states);
                }
                cases.put(sm.getKey(), byCase);
            }
        }
        Map<String, Map<String, Object>> resp = new LinkedHashMap<>();
        Object mr = m.get("MockedResponses");
        if (mr instanceof Map) {
            for (Map.Entry<String, Object> e : Json.asObject(mr).entrySet()) {
                if (!(e.getValue() instanceof Map)) {
                    throw new IllegalArgumentException("MockedResponses." + e.getKey() + " must be an object");
                }
                for (Map.Entry<String, Object> step : Json.asObject(e.getValue()).entrySet()) {
                    if (!RANGE.matcher(step.getKey()).matches() || !(step.getValue() instanceof Map)
                            || !(Json.asObject(step.getValue()).containsKey("Return")
                            || Json.asObject(step.getValue()).containsKey("Throw"))) {
                        throw new IllegalArgumentException("MockedResponses." + e.getKey() + "." + step.getKey()
                                + " must be keyed \"N\" or \"N-M\" and hold Return or Throw");
                    }
                }
                resp.put(e.getKey(), Json.asObject(e.getValue()));
            }
        }
        for (Map<String, Map<String, String>> byCase : cases.values()) {
            for (Map<String, String> states : byCase.values()) {
                for (String name : states.values()) {
                    if (!resp.containsKey(name)) {
                        throw new IllegalArgumentException("mocked response '" + name + "' is not defined in MockedResponses");
                    }
                }
            }
        }
        return new MockedResponses(cases, resp);
    }

    /** The state machine names that define the given test case. */
    public List<String> stateMachinesWith(String testCase) {
        return testCases.entrySet().stream().filter(e -> e.getValue().containsKey(testCase)).map(Map.Entry::getKey)
                .toList();
    }

    public boolean hasTestCase(String stateMachine, String testCase) {
        Map<String, Map<String, String>> c = testCases.get(stateMachine);
        return c != null && c.containsKey(testCase);
    }

    /** The mocked outcome, or null when this state is not mocked in the execution's test case. */
    public TaskOutcome respond(TaskRequest req) {
        if (req.testCase() == null) {
            return null;
        }
        Map<String, Map<String, String>> byCase = testCases.get(req.stateMachineName());
        Map<String, String> states = byCase == null ? null : byCase.get(req.testCase());
        String name = states == null ? null : states.get(req.stateName());
        if (name == null) {
            return null;
        }
        Map<String, Object> steps = responses.get(name);
        for (Map.Entry<String, Object> step : steps.entrySet()) {
            Matcher m = RANGE.matcher(step.getKey());
            if (!m.matches()) {
                continue;
            }
            int from = Integer.parseInt(m.group(1));
            int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            if (req.mockAttempt() >= from && req.mockAttempt() <= to) {
                Map<String, Object> r = Json.asObject(step.getValue());
                if (r.containsKey("Throw")) {
                    Map<String, Object> t = r.get("Throw") instanceof Map ? Json.asObject(r.get("Throw")) : Map.of();
                    Object error = t.get("Error");
                    Object cause = t.get("Cause");
                    return TaskOutcome.failure(error instanceof String ? (String) error : "States.TaskFailed",
                            cause instanceof String ? (String) cause : null);
                }
                return TaskOutcome.success(r.get("Return"));
            }
        }
        return TaskOutcome.failure("States.Runtime", "No mocked response for invocation " + req.mockAttempt()
                + " of state '" + req.stateName() + "' in mocked response '" + name + "'");
    }
}
