package dev.sagastack.handlers.saga;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.sagastack.config.AppContext;
import dev.sagastack.config.AwsClients;
import dev.sagastack.config.RestoredClients;
import dev.sagastack.observability.InvocationLogging;
import dev.sagastack.observability.Priming;
import dev.sagastack.observability.SagaMetrics;
import dev.sagastack.saga.StepError;
import dev.sagastack.saga.StepErrors;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.json;

/**
 * The boundary every saga step shares: parse the payload, put the order id and execution ARN on
 * every log line, run the step, write its result, and turn failures into the error names the state
 * machine acts on. Subclasses only map their payload to a domain call.
 *
 * <p>Dependencies (SDK clients, the JDBC connection) are built in the subclass constructor, once
 * per container; the no-arg constructor (Lambda) reads {@code System.getenv()}, the
 * {@code Map} constructor serves the twin and tests.
 *
 * @param <I> payload the state machine sends
 * @param <O> result returned to the state machine ({@code $states.result.Payload})
 */
public abstract class SagaStepHandler<I extends SagaStepHandler.StepInput, O> implements RequestStreamHandler, Resource {

    /** Every step payload carries the order id and, for logging, the execution ARN. */
    public interface StepInput {
        String orderId();

        String executionArn();
    }

    /** Business counters a step moved, emitted as metrics with its latency. */
    protected static final class Counters {
        private final Map<String, Integer> counts = new LinkedHashMap<>();

        public void add(String metric) {
            counts.merge(metric, 1, Integer::sum);
        }

        Map<String, Integer> asMap() {
            return counts;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(SagaStepHandler.class);

    private final String step;
    private final Class<I> inputType;
    private final AwsClients clients;

    protected SagaStepHandler(String step, Class<I> inputType, AppContext app) {
        this.step = step;
        this.inputType = inputType;
        this.clients = app.clients();
        Priming.register(this);
    }

    @Override
    public final void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        long started = System.nanoTime();
        I input;
        try {
            input = StepJson.read(in, inputType);
        } catch (InvalidPayload e) {
            RuntimeException reported = StepErrors.translate(e);
            try (InvocationLogging ignored = InvocationLogging.open(context, Map.of(InvocationLogging.STEP, step))) {
                LOG.error("{} rejected its payload: {}", step, e.getMessage());
                SagaMetrics.instance().stepFailed(step, elapsed(started), errorName(reported));
            }
            throw reported;
        }
        try (InvocationLogging ignored = InvocationLogging.open(context, Map.of(
                InvocationLogging.STEP, step,
                InvocationLogging.ORDER_ID, input.orderId(),
                InvocationLogging.EXECUTION_ARN, input.executionArn() == null ? "" : input.executionArn()))) {
            Counters counters = new Counters();
            O output;
            try {
                output = execute(input, counters);
            } catch (RuntimeException e) {
                RuntimeException reported = StepErrors.translate(e);
                String name = errorName(reported);
                // not "error": Powertools reserves that key for the exception and drops ours with a WARN line
                if (reported instanceof StepError error && error.business()) {
                    LOG.warn("{} refused: {}", step, reported.getMessage(), entry("stepError", name));
                } else {
                    LOG.error("{} failed: {}", step, reported.getMessage(), entry("stepError", name), reported);
                }
                SagaMetrics.instance().stepFailed(step, elapsed(started), name);
                throw reported;
            }
            // serialised once, by our mapper, for the response and the log line: a structured
            // argument holding the object would make Powertools build its own ObjectMapper (with
            // Joda and JMESPath modules) on the first invocation
            byte[] result = StepJson.write(output);
            out.write(result);
            LOG.info("{} done", step, json("result", new String(result, StandardCharsets.UTF_8)));
            SagaMetrics.instance().stepSucceeded(step, elapsed(started), counters.asMap());
        }
    }

    private static String errorName(RuntimeException reported) {
        return reported instanceof StepError error ? error.errorName() : reported.getClass().getName();
    }

    /** The step itself: idempotent, keyed by {@code input.orderId()}. */
    protected abstract O execute(I input, Counters counters);

    /** A representative payload for SnapStart priming (parsed, but never executed). */
    protected abstract String samplePayload();

    /** Warms this step's clients (an idempotent read) before the snapshot; failures are only logged. */
    protected void primeDependencies() {
    }

    public final String stepName() {
        return step;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        try {
            I sample = StepJson.read(new ByteArrayInputStream(samplePayload().getBytes(StandardCharsets.UTF_8)),
                    inputType);
            StepJson.write(sample);
            primeDependencies();
        } catch (RuntimeException e) {
            LOG.warn("{} priming incomplete: {}", step, e.toString());
        }
    }

    /** Renews or validates every client of the snapshot ({@link AwsClients#afterRestore()}). */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        restoreClients();
    }

    /** What {@link #afterRestore} does, callable without a CRaC context. */
    public final RestoredClients restoreClients() {
        RestoredClients restored = clients.afterRestore();
        LOG.info("{} clients after restore: {}", step, restored.outcomes());
        return restored;
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
