package dev.sagastack.observability;

import dev.sagastack.config.AppConfig;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;

import java.time.Duration;
import java.util.Map;

/**
 * The saga's CloudWatch metrics, written as Embedded Metric Format log lines by Powertools
 * (functional API). Each invocation flushes its own metrics context, so invocations that share a
 * JVM (the twin, tests) never mix their values. The contexts come from one container-wide Powertools
 * instance rather than {@code MetricsFactory}'s request-scoped proxy: the proxy keeps an instance per
 * X-Ray trace id that only its own {@code flush()} removes, so per-invocation isolated flushes through
 * it would build (and keep) one more EMF logger per invocation.
 *
 * <p>Namespace {@value #NAMESPACE}; one dimension set, {@code [Step]}, on every metric:
 * {@code StepLatency} (ms), {@code StepFailures}, {@code OrdersConfirmed}, {@code OrdersCancelled},
 * {@code OrdersNeedingAttention}, {@code CompensationsRun}, and the HTTP API's {@code DaxFallbackReads}. The EMF library's default dimensions
 * ({@code LogGroup}, {@code ServiceName}, {@code ServiceType}) are replaced, not added to: CloudWatch
 * stores one metric per distinct dimension set ("Embedded metric format specification", CloudWatch
 * User Guide), and the alarms and dashboard infra's {@code Monitoring} builds read exactly
 * {@code Step=<step name>}.
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

    static {
        // Outside Lambda, EMF would probe EC2 metadata and then a CloudWatch agent socket; on the twin
        // and in tests the metrics go to standard output like in Lambda.
        if (!AppConfig.processRunsInLambda()) {
            EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
        }
    }

    // after the environment override above
    private static final SagaMetrics INSTANCE = new SagaMetrics();

    private final Metrics metrics;

    private SagaMetrics() {
        metrics = new EmfMetricsProvider().getMetricsInstance();
        metrics.setNamespace(NAMESPACE);
    }

    public static SagaMetrics instance() {
        return INSTANCE;
    }

    /** A step finished; {@code counts} are the business counters it moved (e.g. OrdersConfirmed=1). */
    public void stepSucceeded(String step, Duration latency, Map<String, Integer> counts) {
        flush(step, latency, counts, false);
    }

    public void stepFailed(String step, Duration latency, String error) {
        flush(step, latency, Map.of(), true, error);
    }

    /** One read served by DynamoDB in DAX's place, by {@code function} (its catalog name, the Step dimension). */
    public void daxFallbackRead(String function) {
        metrics.flushMetrics(m -> {
            m.setNamespace(NAMESPACE);
            m.setDefaultDimensions(DimensionSet.of(STEP, function));
            m.addMetric(DAX_FALLBACK_READS, 1, MetricUnit.COUNT);
        });
    }

    private void flush(String step, Duration latency, Map<String, Integer> counts, boolean failed) {
        flush(step, latency, counts, failed, null);
    }

    private void flush(String step, Duration latency, Map<String, Integer> counts, boolean failed, String error) {
        metrics.flushMetrics(m -> {
            m.setNamespace(NAMESPACE);
            // setDefaultDimensions replaces the EMF defaults; addDimension would add [Step] to them
            m.setDefaultDimensions(DimensionSet.of(STEP, step));
            m.addMetric(STEP_LATENCY, latency.toNanos() / 1_000_000.0, MetricUnit.MILLISECONDS);
            if (failed) {
                m.addMetric(STEP_FAILURES, 1, MetricUnit.COUNT);
                // metadata, not a dimension: error names must not multiply metric series
                m.addMetadata("error", error);
            }
            counts.forEach((name, value) -> m.addMetric(name, value, MetricUnit.COUNT));
        });
    }
}
