package dev.sagastack.local.twin.metrics;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every AWS SDK call made in this JVM by service and operation. Registered as an SDK global
 * interceptor (classpath file {@code software/amazon/awssdk/global/handlers/execution.interceptors}), so
 * the functions' own clients are counted without their knowing: the benchmark prints calls per saga.
 */
public final class SdkCallCounter implements ExecutionInterceptor {

    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> BY_FUNCTION = new ConcurrentHashMap<>();
    private static final ThreadLocal<String> FUNCTION = new ThreadLocal<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String call = service + "." + operation;
        CALLS.computeIfAbsent(call, k -> new LongAdder()).increment();
        String function = FUNCTION.get();
        if (function != null) {
            BY_FUNCTION.computeIfAbsent(function + " " + call, k -> new LongAdder()).increment();
        }
    }

    /** Attributes the SDK calls this thread makes to a function until {@link #leave()} (the host calls these). */
    public static void enter(String function) {
        FUNCTION.set(function);
    }

    public static void leave() {
        FUNCTION.remove();
    }

    /** Calls made by hosted functions, keyed {@code Function Service.Operation}, sorted. */
    public static Map<String, Long> byFunction() {
        Map<String, Long> copy = new TreeMap<>();
        BY_FUNCTION.forEach((key, count) -> copy.put(key, count.sum()));
        return copy;
    }

    /** Calls so far, keyed {@code Service.Operation}, sorted. */
    public static Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        CALLS.forEach((key, count) -> copy.put(key, count.sum()));
        return copy;
    }
}
