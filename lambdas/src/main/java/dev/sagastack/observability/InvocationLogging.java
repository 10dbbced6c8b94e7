package dev.sagastack.observability;

import com.amazonaws.services.lambda.runtime.Context;
import dev.sagastack.functions.InvocationContext;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.Map;

/**
 * Structured JSON logging for one invocation with Powertools' functional API (no AspectJ):
 * the Lambda context keys (function, request id, cold start) plus our correlation keys
 * ({@code orderId}, {@code executionArn}, {@code step}) on every line logged until {@link #close()}.
 */
public final class InvocationLogging implements AutoCloseable {

    public static final String ORDER_ID = "orderId";
    public static final String EXECUTION_ARN = "executionArn";
    public static final String STEP = "step";
    /**
     * System property with the service name for hosts that run the functions in one JVM (the local twin):
     * Powertools reads {@code POWERTOOLS_SERVICE_NAME} from the process environment once, which such a host
     * cannot set per function, and would log {@code service_undefined}.
     */
    public static final String SERVICE_NAME_PROPERTY = "sagastack.powertools.serviceName";
    private static final String SERVICE = "service";
    private static final String COLD_START = "cold_start";
    private static final String SERVICE_UNDEFINED = "service_undefined";

    private InvocationLogging() {
    }

    /** Starts the invocation's log context; keys with empty values are left out. */
    public static InvocationLogging open(Context context, Map<String, String> keys) {
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
        if (context instanceof InvocationContext host) {
            // a host outside Lambda knows its environments' first invocations; Powertools reads the process's
            MDC.put(COLD_START, Boolean.toString(host.coldStart()));
        }
        String service = MDC.get(SERVICE);
        if (service == null || service.equals(SERVICE_UNDEFINED)) {
            String hosted = System.getProperty(SERVICE_NAME_PROPERTY);
            if (hosted != null && !hosted.isBlank()) {
                MDC.put(SERVICE, hosted);
            }
        }
        keys.forEach((key, value) -> {
            if (value != null && !value.isEmpty()) {
                MDC.put(key, value);
            }
        });
        return new InvocationLogging();
    }

    /** Adds a key to every later line of this invocation. */
    public static void put(String key, String value) {
        if (value != null && !value.isEmpty()) {
            MDC.put(key, value);
        }
    }

    @Override
    public void close() {
        // clears Powertools' keys and ours, so nothing leaks into the next invocation of the container
        PowertoolsLogging.clearState(true);
        MDC.clear();
    }
}
