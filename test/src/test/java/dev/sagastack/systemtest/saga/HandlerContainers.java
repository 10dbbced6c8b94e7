package dev.sagastack.systemtest.saga;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.sagastack.config.AppContext;
import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.functions.Functions;
import dev.sagastack.handlers.saga.TestContext;
import dev.sagastack.local.stepfunctions.InvocationContext;
import dev.sagastack.local.stepfunctions.InvocationResult;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The saga's functions hosted the way Lambda hosts them: the catalog's handler class constructed with
 * the function's environment (one instance = one execution environment, reused while warm, a new one
 * when all are busy), the payload handed over as JSON bytes, and an uncaught exception reported as
 * Lambda's Java runtime reports it (errorType = the exception's class name, see "AWS Lambda function
 * errors in Java" in the Lambda developer guide).
 */
final class HandlerContainers implements AutoCloseable {

    private final Map<String, String> environment;
    private final Map<String, Deque<RequestStreamHandler>> idle = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private final Map<String, Semaphore> concurrency = new ConcurrentHashMap<>();
    private final int maxConcurrencyPerFunction;

    /**
     * @param maxConcurrencyPerFunction execution environments per function, like a reserved
     *                                  concurrency (here an invocation over it waits instead of being throttled)
     */
    HandlerContainers(Map<String, String> environment, int maxConcurrencyPerFunction) {
        this.environment = Map.copyOf(environment);
        this.maxConcurrencyPerFunction = maxConcurrencyPerFunction;
    }

    /** Runs the function once; never throws: failures come back as Lambda reports them. */
    Result invoke(String functionName, String payload, InvocationContext ctx) {
        Semaphore slots = concurrency.computeIfAbsent(functionName, k -> new Semaphore(maxConcurrencyPerFunction));
        slots.acquireUninterruptibly();
        try {
            return invokeInEnvironment(functionName, payload, ctx);
        } finally {
            slots.release();
        }
    }

    private Result invokeInEnvironment(String functionName, String payload, InvocationContext ctx) {
        RequestStreamHandler handler;
        try {
            handler = acquire(functionName);
        } catch (Exception e) {
            return new Result(null, InvocationResult.functionError(e.getClass().getName(), String.valueOf(e.getMessage())));
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out,
                    new TestContext(functionName, ctx.functionArn()));
            String response = out.toString(StandardCharsets.UTF_8);
            return new Result(response, InvocationResult.success(response));
        } catch (Exception e) {
            List<String> trace = Arrays.stream(e.getStackTrace()).limit(20).map(StackTraceElement::toString).toList();
            return new Result(null, InvocationResult.functionError(e.getClass().getName(),
                    String.valueOf(e.getMessage()), trace));
        } finally {
            idle.computeIfAbsent(functionName, k -> new ConcurrentLinkedDeque<>()).push(handler);
        }
    }

    /** Execution environments created so far (cold starts). */
    int started() {
        return started.get();
    }

    record Result(String response, InvocationResult result) {
    }

    private RequestStreamHandler acquire(String functionName) throws Exception {
        RequestStreamHandler warm = idle.computeIfAbsent(functionName, k -> new ConcurrentLinkedDeque<>()).poll();
        if (warm != null) {
            return warm;
        }
        FunctionSpec spec = Functions.byName(functionName)
                .orElseThrow(() -> new IllegalArgumentException("no catalog function " + functionName));
        try {
            Object handler = Class.forName(spec.handlerClass()).getConstructor(AppContext.class)
                    .newInstance(AppContext.fromEnvironment(environment));
            started.incrementAndGet();
            return (RequestStreamHandler) handler;
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Override
    public void close() {
        idle.clear();
    }
}
