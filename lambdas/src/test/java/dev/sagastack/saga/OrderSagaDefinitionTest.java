package dev.sagastack.saga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.functions.Functions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
                        StepError sample = (StepError) Class.forName(name)
                                .getConstructor(String.class, Throwable.class).newInstance("x", null);
                        assertThat(sample.business()).as(step + " retries " + name).isFalse();
                    }
                }
                assertThat(retrier.get("JitterStrategy").asText()).isEqualTo("FULL");
                assertThat(retrier.has("MaxDelaySeconds")).isTrue();
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
