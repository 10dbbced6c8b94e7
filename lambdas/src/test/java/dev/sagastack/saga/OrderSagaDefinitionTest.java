package dev.sagastack.saga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.functions.Functions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps statemachines/order-saga.asl.json and the Java side in step: the error names the ASL
 * catches are classes the handlers throw (Lambda's Java runtime reports {@code errorType} as the
 * exception's class name, see "AWS Lambda function errors in Java" in the Lambda developer guide),
 * and the only definition substitutions are those infra provides.
 */
class OrderSagaDefinitionTest {

    private static final Path ASL = Path.of("..", "statemachines", "order-saga.asl.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyApplicationErrorTheSagaNamesIsAStepErrorClass() throws Exception {
        Set<String> named = new TreeSet<>();
        collectErrorNames(JSON.readTree(ASL.toFile()), named);
        List<String> ours = named.stream().filter(n -> n.startsWith("dev.sagastack.")).toList();

        assertThat(ours).contains("dev.sagastack.saga.InsufficientStock", "dev.sagastack.saga.InsufficientFunds",
                "dev.sagastack.saga.AccountClosed", "dev.sagastack.saga.ShipmentRejected",
                "dev.sagastack.saga.TransientError");
        for (String name : ours) {
            Class<?> type = Class.forName(name);
            assertThat(StepError.class).as(name).isAssignableFrom(type);
        }
        assertThat(named.stream().filter(n -> !n.startsWith("dev.sagastack.")))
                .allMatch(n -> n.startsWith("States.") || n.startsWith("Lambda.") || n.startsWith("Sandbox."));
    }

    @Test
    void businessErrorsAreNeverRetriedByAStep() throws Exception {
        JsonNode states = JSON.readTree(ASL.toFile()).get("States");
        for (String step : List.of("ReserveInventory", "ProcessPayment", "CreateShipment", "ConfirmOrder")) {
            for (JsonNode retrier : states.get(step).get("Retry")) {
                for (JsonNode error : retrier.get("ErrorEquals")) {
                    String name = error.asText();
                    assertThat(name).as(step).isNotEqualTo("States.ALL");
                    if (name.startsWith("dev.sagastack.")) {
                        Constructor<?> constructor = Class.forName(name).getDeclaredConstructor(String.class, Throwable.class);
                        constructor.setAccessible(true); // only StepErrors makes them (package-private)
                        StepError sample = (StepError) constructor.newInstance("x", null);
                        assertThat(sample.business()).as(step + " retries " + name).isFalse();
                    }
                }
                assertThat(retrier.get("JitterStrategy").asText()).isEqualTo("FULL");
                assertThat(retrier.has("MaxDelaySeconds")).isTrue();
            }
        }
    }

    /**
     * Throttling (the inventory steps' reserved concurrency caps bursts below the database proxy's connections) is
     * backpressure, not a failure: each forward step rides it out with a retrier of its own, first in its list, with
     * more attempts than service errors get (a retrier's attempts count separately: "Handling errors in Step
     * Functions workflows").
     */
    @Test
    void throttledStepsWaitLongerThanFailedOnes() throws Exception {
        JsonNode states = JSON.readTree(ASL.toFile()).get("States");
        for (String step : List.of("ReserveInventory", "ProcessPayment", "CreateShipment", "ConfirmOrder")) {
            JsonNode retriers = states.get(step).get("Retry");
            JsonNode throttled = retriers.get(0);
            assertThat(throttled.get("ErrorEquals").toString()).as(step).isEqualTo("[\"Lambda.TooManyRequestsException\"]");
            assertThat(throttled.get("MaxAttempts").asInt()).as(step).isGreaterThan(retriers.get(1).get("MaxAttempts").asInt());
            for (int i = 1; i < retriers.size(); i++) {
                assertThat(retriers.get(i).get("ErrorEquals").toString()).as(step).doesNotContain("TooManyRequests");
            }
        }
    }

    @Test
    void usesOnlyTheSubstitutionsInfraProvides() throws IOException {
        String text = Files.readString(ASL);
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(text);
        while (m.find()) {
            used.add(m.group(1));
        }
        Set<String> provided = new TreeSet<>(Set.of("SingleTableName", "EventStoreTableName"));
        for (FunctionSpec spec : Functions.sagaSteps()) {
            provided.add(spec.name() + "FunctionArn");
        }
        assertThat(provided).containsAll(used);
        List<String> stepArns = new ArrayList<>();
        Functions.sagaSteps().forEach(s -> stepArns.add(s.name() + "FunctionArn"));
        assertThat(used).containsAll(stepArns);
    }

    /**
     * The execution timeout must never cut a healthy saga, including one whose compensations use
     * every retry. Worst case = the longest path through the states, each Task costing all its
     * attempts at its TimeoutSeconds plus every backoff at its ceiling (Step Functions: each retrier
     * counts separately; the n-th delay is IntervalSeconds x BackoffRate^(n-1), capped at
     * MaxDelaySeconds; full jitter only shortens it — "Handling errors in Step Functions workflows").
     * The path visits each state once: a compensation that fails again after its redrive point loops back
     * to MarkNeedsAttention, which only happens once an operator has redriven the execution.
     * It must also stay within a few multiples of that worst case, so a stuck execution still times out.
     */
    @Test
    void theExecutionTimeoutExceedsTheSlowestHealthyRunIncludingEveryRetry() throws Exception {
        JsonNode root = JSON.readTree(ASL.toFile());
        assertThat(root.has("TimeoutSeconds")).as("top-level TimeoutSeconds").isTrue();
        long timeout = root.get("TimeoutSeconds").asLong();
        double worst = longestRunSeconds(root.get("States"), root.get("StartAt").asText(), new HashSet<>());

        assertThat(worst).as("slowest healthy run, recomputed from the Retry settings").isEqualTo(4723.0);
        assertThat((double) timeout).isGreaterThanOrEqualTo(worst * 1.5).isLessThanOrEqualTo(worst * 3);
        assertThat(root.get("Comment").asText()).contains("TimeoutSeconds " + timeout).contains("4723 s");
    }

    /** Longest simple path from {@code name}: the saga's graph has a cycle through the redrive points. */
    private static double longestRunSeconds(JsonNode states, String name, Set<String> onPath) {
        onPath.add(name);
        JsonNode state = states.get(name);
        List<String> next = new ArrayList<>();
        if (state.has("Next")) {
            next.add(state.get("Next").asText());
        }
        state.path("Catch").forEach(c -> next.add(c.get("Next").asText()));
        state.path("Choices").forEach(c -> next.add(c.get("Next").asText()));
        if (state.has("Default")) {
            next.add(state.get("Default").asText());
        }
        double after = 0;
        for (String n : next) {
            if (!onPath.contains(n)) {
                after = Math.max(after, longestRunSeconds(states, n, onPath));
            }
        }
        onPath.remove(name);
        return taskSeconds(state) + after;
    }

    private static double taskSeconds(JsonNode state) {
        if (!"Task".equals(state.path("Type").asText())) {
            return 0;
        }
        assertThat(state.has("TimeoutSeconds")).as("every task bounds its attempts").isTrue();
        long attempts = 1;
        double delays = 0;
        for (JsonNode retrier : state.path("Retry")) {
            // ASL defaults: MaxAttempts 3, IntervalSeconds 1, BackoffRate 2.0, no MaxDelaySeconds
            int max = retrier.path("MaxAttempts").asInt(3);
            double interval = retrier.path("IntervalSeconds").asDouble(1);
            double rate = retrier.path("BackoffRate").asDouble(2.0);
            double cap = retrier.path("MaxDelaySeconds").asDouble(Double.MAX_VALUE);
            attempts += max;
            for (int i = 0; i < max; i++) {
                delays += Math.min(interval * Math.pow(rate, i), cap);
            }
        }
        return attempts * state.get("TimeoutSeconds").asDouble() + delays;
    }

    private static void collectErrorNames(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("ErrorEquals")) {
                    e.getValue().forEach(v -> into.add(v.asText()));
                } else {
                    collectErrorNames(e.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectErrorNames(child, into));
        }
    }
}
