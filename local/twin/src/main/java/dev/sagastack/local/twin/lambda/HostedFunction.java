package dev.sagastack.local.twin.lambda;

import dev.sagastack.functions.InvocationContext;
import dev.sagastack.local.twin.metrics.SdkCallCounter;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One function with its execution environments. As in Lambda, an environment holds one handler instance
 * and serves one invocation at a time; idle environments are reused (warm), a new one is created only when
 * all are busy (cold start); an environment whose invocation timed out or crashed is thrown away. Environments
 * belong to the version they run ({@code $LATEST} or the published version an alias points to), as in Lambda.
 */
final class HostedFunction {

    private final FunctionDefinition definition;
    private final Faults faults;
    private final ExecutorService workers;
    private final PrintStream log;
    /** Idle environments by the version they run. */
    private final Map<String, ConcurrentLinkedDeque<ExecutionEnvironment>> idle = new ConcurrentHashMap<>();
    private final AtomicLong environmentsCreated = new AtomicLong();
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong busyNanos = new AtomicLong();
    private final AtomicLong throttles = new AtomicLong();
    /** Reserved concurrency: one permit per invocation that may run at once; absent when not reserved. */
    private final Semaphore concurrency;

    HostedFunction(FunctionDefinition definition, Faults faults, ExecutorService workers, PrintStream log) {
        this.definition = definition;
        this.faults = faults;
        this.workers = workers;
        this.log = log;
        this.concurrency = definition.reservedConcurrency().isPresent()
                ? new Semaphore(definition.reservedConcurrency().getAsInt()) : null;
    }

    FunctionDefinition definition() {
        return definition;
    }

    FunctionStats stats() {
        long count = invocations.get();
        int idleEnvironments = idle.values().stream().mapToInt(ConcurrentLinkedDeque::size).sum();
        return new FunctionStats(definition.name(), count, errors.get(), environmentsCreated.get(), idleEnvironments,
                count == 0 ? 0 : busyNanos.get() / count / 1_000, throttles.get());
    }

    /**
     * @throws LambdaServiceException {@code TooManyRequestsException} (429, "Rate Exceeded.") when the function's
     *                                reserved concurrency is in use, as Lambda's Invoke answers
     *                                (Lambda API Reference, Invoke, Errors; Reason ReservedFunctionConcurrentInvocationLimitExceeded)
     */
    InvokeResult invoke(byte[] payload, String invokedArn) {
        if (concurrency != null && !concurrency.tryAcquire()) {
            throttles.incrementAndGet();
            throw new LambdaServiceException("TooManyRequestsException", 429, "Rate Exceeded.");
        }
        long started = System.nanoTime();
        try {
            return invokeTimed(payload, invokedArn);
        } finally {
            busyNanos.addAndGet(System.nanoTime() - started);
            if (concurrency != null) {
                concurrency.release();
            }
        }
    }

    private InvokeResult invokeTimed(byte[] payload, String invokedArn) {
        invocations.incrementAndGet();
        String requestId = UUID.randomUUID().toString();
        String version = FunctionArns.executedVersion(invokedArn);
        Optional<Fault> fault = faults.take(definition.name());
        if (fault.isPresent() && fault.get().mode() == FaultMode.ERROR) {
            return failure(requestId, version,
                    FunctionErrors.injected(fault.get().errorType(), fault.get().errorMessage()));
        }
        ExecutionEnvironment environment;
        try {
            environment = acquire(version);
        } catch (Exception e) {
            return failure(requestId, version, FunctionErrors.fromException(e));
        }
        long timeoutNanos = definition.timeout().toNanos();
        long deadline = System.nanoTime() + timeoutNanos;
        InvocationContext context = new InvocationContext(requestId, definition.name(), invokedArn, version,
                environment.logStreamName(), definition.memoryMb(), deadline,
                new FunctionLogger(log, definition.name(), requestId), environment.firstInvocation());
        FaultMode mode = fault.map(Fault::mode).orElse(null);
        Future<byte[]> running = workers.submit(() -> {
            byte[] response;
            SdkCallCounter.enter(definition.name());
            try {
                response = environment.adapter().invoke(payload, context);
            } finally {
                SdkCallCounter.leave();
            }
            if (mode == FaultMode.TIMEOUT) {
                // The effect is applied but the answer never comes: wait to be cut off at the timeout.
                Thread.sleep(Long.MAX_VALUE);
            }
            return response;
        });
        boolean interrupted = false;
        try {
            byte[] response;
            while (true) {
                try {
                    response = running.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    break;
                } catch (InterruptedException e) {
                    // A Lambda invocation runs to its end whatever its caller does (the caller here is, for
                    // example, an engine shutting down): wait for the real outcome rather than invent a failure.
                    interrupted = true;
                }
            }
            if (mode == FaultMode.CRASH_AFTER_EFFECT) {
                return failure(requestId, version, FunctionErrors.runtimeExited(requestId));
            }
            idle(version).push(environment);
            return new InvokeResult(requestId, definition.name(), response, Optional.empty(), version);
        } catch (TimeoutException e) {
            running.cancel(true);
            return failure(requestId, version, FunctionErrors.timedOut(requestId, timeoutNanos / 1e9));
        } catch (ExecutionException e) {
            // A handler exception leaves the environment usable, as in Lambda's Java runtime.
            idle(version).push(environment);
            return failure(requestId, version, FunctionErrors.fromException(e.getCause()));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private InvokeResult failure(String requestId, String version, byte[] errorDocument) {
        errors.incrementAndGet();
        return new InvokeResult(requestId, definition.name(), errorDocument, Optional.of(InvokeResult.UNHANDLED),
                version);
    }

    private ConcurrentLinkedDeque<ExecutionEnvironment> idle(String version) {
        return idle.computeIfAbsent(version, v -> new ConcurrentLinkedDeque<>());
    }

    /**
     * An idle environment of the version, or a new one: its log stream named {@code YYYY/MM/DD/[VERSION]ID}, its
     * handler built from the function's environment with {@code AWS_LAMBDA_FUNCTION_VERSION} and
     * {@code AWS_LAMBDA_LOG_STREAM_NAME} set to them (Lambda Developer Guide, "Defined runtime environment
     * variables"; "Using CloudWatch Logs with Lambda").
     */
    private ExecutionEnvironment acquire(String version) throws Exception {
        ExecutionEnvironment warm = idle(version).poll();
        if (warm != null) {
            return warm;
        }
        environmentsCreated.incrementAndGet();
        String logStream = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString().replace('-', '/')
                + "/[" + version + "]" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> environment = new HashMap<>(definition.environment());
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", version);
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", logStream);
        Object handler = definition.handlerFactory().create(environment);
        return new ExecutionEnvironment(new HandlerAdapter(handler), logStream, new AtomicBoolean());
    }

    private record ExecutionEnvironment(HandlerAdapter adapter, String logStreamName, AtomicBoolean invoked) {
        /** True once: for the environment's first invocation (its cold start). */
        boolean firstInvocation() {
            return !invoked.getAndSet(true);
        }
    }
}
