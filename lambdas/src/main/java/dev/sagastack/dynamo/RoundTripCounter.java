package dev.sagastack.dynamo;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts HTTP round trips per DynamoDB operation (retries included, since each attempt is a round trip), of
 * {@link DynamoDbJsonClient} or, as an execution interceptor, of an SDK client. Used by benchmarks and by tests
 * that pin the cost of a command.
 */
public final class RoundTripCounter implements ExecutionInterceptor {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        recordAttempt(operation == null ? "unknown" : operation);
    }

    /** One attempt of {@code operation} is about to be sent ({@link DynamoDbJsonClient}). */
    void recordAttempt(String operation) {
        counts.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    public long count(String operation) {
        LongAdder adder = counts.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Counts by operation name, sorted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((k, v) -> result.put(k, v.sum()));
        return result;
    }

    public void reset() {
        counts.clear();
    }
}
