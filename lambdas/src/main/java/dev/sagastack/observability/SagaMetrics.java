package dev.sagastack.observability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The saga's CloudWatch metrics, one Embedded Metric Format line per invocation on standard output
 * (which Lambda sends to CloudWatch Logs, where the line becomes metrics: "Specification: Embedded
 * metric format", CloudWatch User Guide). Written here with Jackson's streaming generator rather than
 * by Powertools' metrics module and the EMF library: the document is one fixed shape, and building it
 * by data binding (the EMF library's annotated model through an ObjectMapper) cost a function's cold
 * start about 0.1 s of CPU. Each invocation writes its own line, so invocations that share a JVM (the
 * twin, tests) never mix their values.
 *
 * <p>Namespace {@value #NAMESPACE}; one dimension set, {@code [Step]}, on every metric:
 * {@code StepLatency} (ms), {@code StepFailures}, {@code OrdersConfirmed}, {@code OrdersCancelled},
 * {@code OrdersNeedingAttention}, {@code CompensationsRun}, and the HTTP API's {@code DaxFallbackReads}.
 * No other dimension (no {@code LogGroup}, {@code ServiceName}, {@code ServiceType} as the EMF library
 * adds by default): CloudWatch stores one metric per distinct dimension set, and the alarms and dashboard
 * infra's {@code Monitoring} builds read exactly {@code Step=<step name>}. A failure's error name is a
 * property of the line (searchable in Logs Insights), not a dimension: error names must not multiply
 * metric series.
 */
public final class SagaMetrics {

    public static final String NAMESPACE = "Sagastack";
    /** The only dimension: the step (or projection) name, which is also its function's catalog name. */
    public static final String STEP = "Step";
    public static final String STEP_LATENCY = "StepLatency";
    public static final String STEP_FAILURES = "StepFailures";
    public static final String ORDERS_CONFIRMED = "OrdersConfirmed";
    public static final String ORDERS_CANCELLED = "OrdersCancelled";
    public static final String ORDERS_NEEDING_ATTENTION = "OrdersNeedingAttention";
    public static final String COMPENSATIONS_RUN = "CompensationsRun";
    /** Eventually consistent reads DynamoDB served because DAX did not answer (dimension: the function). */
    public static final String DAX_FALLBACK_READS = "DaxFallbackReads";

    private static final String MILLISECONDS = "Milliseconds";
    private static final String COUNT = "Count";
    private static final JsonFactory JSON = new JsonFactory();
    private static final SagaMetrics INSTANCE = new SagaMetrics(Clock.systemUTC());

    private final Clock clock;

    SagaMetrics(Clock clock) {
        this.clock = clock;
    }

    public static SagaMetrics instance() {
        return INSTANCE;
    }

    /** A step finished; {@code counts} are the business counters it moved (e.g. OrdersConfirmed=1). */
    public void stepSucceeded(String step, Duration latency, Map<String, Integer> counts) {
        Map<String, Measure> metrics = new LinkedHashMap<>();
        metrics.put(STEP_LATENCY, latency(latency));
        counts.forEach((name, value) -> metrics.put(name, new Measure(value, COUNT)));
        write(step, metrics, null);
    }

    public void stepFailed(String step, Duration latency, String error) {
        Map<String, Measure> metrics = new LinkedHashMap<>();
        metrics.put(STEP_LATENCY, latency(latency));
        metrics.put(STEP_FAILURES, new Measure(1, COUNT));
        write(step, metrics, error);
    }

    /** One read served by DynamoDB in DAX's place, by {@code function} (its catalog name, the Step dimension). */
    public void daxFallbackRead(String function) {
        write(function, Map.of(DAX_FALLBACK_READS, new Measure(1, COUNT)), null);
    }

    private static Measure latency(Duration latency) {
        return new Measure(latency.toNanos() / 1_000_000.0, MILLISECONDS);
    }

    private record Measure(double value, String unit) {
    }

    /**
     * {@code {"_aws":{"Timestamp":..,"CloudWatchMetrics":[{"Namespace":..,"Metrics":[{"Name":..,"Unit":..}],
     * "Dimensions":[["Step"]]}]},"<metric>":<value>,..,"Step":"<step>"}} plus {@code "error"} when one is given.
     */
    String line(String step, Map<String, Measure> metrics, String error) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", clock.millis());
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", NAMESPACE);
            json.writeArrayFieldStart("Metrics");
            for (Map.Entry<String, Measure> metric : metrics.entrySet()) {
                json.writeStartObject();
                json.writeStringField("Name", metric.getKey());
                json.writeStringField("Unit", metric.getValue().unit());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("Dimensions");
            json.writeStartArray();
            json.writeString(STEP);
            json.writeEndArray();
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            for (Map.Entry<String, Measure> metric : metrics.entrySet()) {
                json.writeNumberField(metric.getKey(), metric.getValue().value());
            }
            json.writeStringField(STEP, step);
            if (error != null) {
                json.writeStringField("error", error);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private void write(String step, Map<String, Measure> metrics, String error) {
        String line = line(step, metrics, error);
        PrintStream out = System.out; // looked up per line: hosts and tests may redirect it
        out.println(line);
    }
}
