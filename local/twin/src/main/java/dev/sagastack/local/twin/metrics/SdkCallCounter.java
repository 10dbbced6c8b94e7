package dev.sagastack.local.twin.metrics;

import dev.sagastack.awsjson.AwsJsonRpc;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every AWS call made in this JVM by service and operation: the SDK clients' calls as an SDK global
 * interceptor (classpath file {@code software/amazon/awssdk/global/handlers/execution.interceptors}), and the
 * functions' own DynamoDB, Step Functions and SSM clients' calls as the observer of {@link AwsJsonRpc}
 * ({@link #observeFunctionClients()}, at the twin's start). The functions are counted without their knowing: the
 * benchmark prints calls per saga.
 */
public final class SdkCallCounter implements ExecutionInterceptor {

    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> BY_FUNCTION = new ConcurrentHashMap<>();
    private static final ThreadLocal<String> FUNCTION = new ThreadLocal<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        record(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    /** Counts the calls of the functions' clients that are not SDK clients ({@link AwsJsonRpc}). */
    public static void observeFunctionClients() {
        AwsJsonRpc.observeCalls(SdkCallCounter::record);
    }

    private static void record(String service, String operation) {
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
