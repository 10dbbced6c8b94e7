package dev.sagastack.local.twin.lambda;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hosts functions in this JVM and invokes them as Lambda's synchronous Invoke does: JSON payload in,
 * JSON payload out, function errors as Lambda's error document with {@code FunctionError: Unhandled}.
 */
public final class LambdaHost implements AutoCloseable {

    private final Map<String, HostedFunction> functions = new LinkedHashMap<>();
    private final Faults faults = new Faults();
    private final ExecutorService workers;

    public LambdaHost(List<FunctionDefinition> definitions, PrintStream log) {
        this.workers = Executors.newCachedThreadPool(daemonThreads());
        for (FunctionDefinition definition : definitions) {
            if (functions.putIfAbsent(definition.name(),
                    new HostedFunction(definition, faults, workers, log)) != null) {
                throw new IllegalArgumentException("function defined twice: " + definition.name());
            }
        }
    }

    /**
     * Invokes a function by name, partial ARN or ARN. Every qualifier runs the same code (the twin publishes each
     * function once); the context and result say which version ran.
     *
     * @throws LambdaServiceException {@code ResourceNotFoundException} for an unknown function
     */
    public InvokeResult invoke(String functionNameOrArn, byte[] payload) {
        HostedFunction function = FunctionArns.functionName(functionNameOrArn)
                .map(functions::get)
                .orElseThrow(() -> new LambdaServiceException("ResourceNotFoundException", 404,
                        "Function not found: " + functionNameOrArn));
        String invokedArn = functionNameOrArn.startsWith("arn:") ? functionNameOrArn
                : FunctionArns.unqualifiedArn(function.definition().name())
                + FunctionArns.qualifier(functionNameOrArn).map(q -> ":" + q).orElse("");
        return function.invoke(payload, invokedArn);
    }

    public boolean hosts(String functionName) {
        return functions.containsKey(functionName);
    }

    /**
     * The hosted function a person means: its exact name, or a part of its name that only one function's name
     * contains (CloudFormation's generated names embed the construct id, e.g. {@code CreateShipment} in
     * {@code Sagastack-dev-Stateless-FunctionsCreateShipmentE4085C58-Ab12Cd34Ef56}).
     */
    public Optional<String> resolve(String nameOrPart) {
        if (functions.containsKey(nameOrPart)) {
            return Optional.of(nameOrPart);
        }
        List<String> matches = functions.keySet().stream().filter(n -> n.contains(nameOrPart)).toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    public List<String> functionNames() {
        return List.copyOf(functions.keySet());
    }

    public Faults faults() {
        return faults;
    }

    public List<FunctionStats> stats() {
        return functions.values().stream().map(HostedFunction::stats).toList();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "lambda-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
