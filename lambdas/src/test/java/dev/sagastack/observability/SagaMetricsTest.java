package dev.sagastack.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Specification: Embedded metric format" (CloudWatch User Guide): a root {@code _aws} member with
 * {@code Timestamp} (epoch ms) and {@code CloudWatchMetrics}, each directive a {@code Namespace}, its
 * {@code Dimensions} (arrays of member names) and {@code Metrics} ({@code Name}, {@code Unit}); every
 * dimension and metric named there is a member of the root with its value.
 */
class SagaMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00.123Z");
    private final SagaMetrics metrics = new SagaMetrics(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aSucceededStepIsOneEmfDocumentWithItsLatencyAndCountersUnderTheStepDimension() throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(SagaMetrics.ORDERS_CONFIRMED, 1);
        String line = captured(() -> metrics.stepSucceeded("ConfirmOrder", Duration.ofNanos(4_500_000), counts));

        JsonNode root = JSON.readTree(line);
        JsonNode aws = root.get("_aws");
        assertThat(aws.get("Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(aws.get("CloudWatchMetrics")).hasSize(1);
        JsonNode directive = aws.get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("Sagastack");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Step\"]]");
        assertThat(directive.get("Metrics").toString()).isEqualTo("[{\"Name\":\"StepLatency\",\"Unit\":\"Milliseconds\"},"
                + "{\"Name\":\"OrdersConfirmed\",\"Unit\":\"Count\"}]");
        assertThat(root.get("Step").asText()).isEqualTo("ConfirmOrder");
        assertThat(root.get("StepLatency").asDouble()).isEqualTo(4.5);
        assertThat(root.get("OrdersConfirmed").asDouble()).isEqualTo(1.0);
        assertThat(root.has("error")).isFalse();
        assertThat(line).doesNotContain("\n");
    }

    @Test
    void aFailureCountsOnceAndCarriesTheErrorNameAsAPropertyNotADimension() throws Exception {
        JsonNode root = JSON.readTree(captured(() -> metrics.stepFailed("ProcessPayment", Duration.ofMillis(7),
                "dev.sagastack.saga.InsufficientFunds")));

        JsonNode directive = root.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Metrics").findValuesAsText("Name")).containsExactly("StepLatency", "StepFailures");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Step\"]]");
        assertThat(root.get("StepFailures").asDouble()).isEqualTo(1.0);
        assertThat(root.get("error").asText()).isEqualTo("dev.sagastack.saga.InsufficientFunds");
    }

    @Test
    void aDaxFallbackReadIsCountedForTheFunction() throws Exception {
        JsonNode root = JSON.readTree(captured(() -> metrics.daxFallbackRead("HttpApi")));

        assertThat(root.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").findValuesAsText("Name"))
                .isEqualTo(List.of("DaxFallbackReads"));
        assertThat(root.get("DaxFallbackReads").asDouble()).isEqualTo(1.0);
        assertThat(root.get("Step").asText()).isEqualTo("HttpApi");
    }

    private static String captured(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        String out = bytes.toString(StandardCharsets.UTF_8).strip();
        assertThat(out.lines()).hasSize(1);
        return out;
    }
}
