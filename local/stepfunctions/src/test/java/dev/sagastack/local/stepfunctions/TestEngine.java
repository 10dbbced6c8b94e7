package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.json.Json;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engine on a virtual clock with Lambda functions defined in the test, and shortcuts to run a
 * definition once and read its result and history.
 */
final class TestEngine implements AutoCloseable {
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    interface Function {
        InvocationResult apply(String payload, InvocationContext ctx) throws Exception;
    }

    final Map<String, Function> functions = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final StepFunctionsEngine engine;
    final long seed;
    private final AtomicInteger machines = new AtomicInteger();

    TestEngine() {
        this(System.nanoTime());
    }

    TestEngine(long seed) {
        this.seed = seed;
        System.out.println("TestEngine random seed: " + seed);
        this.engine = StepFunctionsEngine.builder()
                .virtualTime(START)
                .randomSeed(seed)
                .lambdaInvoker((name, payload, ctx) -> {
                    calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                    Function f = functions.get(name);
                    if (f == null) {
                        return InvocationResult.serviceError("Lambda.ResourceNotFoundException",
                                "Function not found: " + ctx.functionArn());
                    }
                    return f.apply(payload, ctx);
                })
                .build();
    }

    TestEngine function(String name, Function f) {
        functions.put(name, f);
        return this;
    }

    int calls(String name) {
        AtomicInteger n = calls.get(name);
        return n == null ? 0 : n.get();
    }

    /** Creates a state machine with a fresh name, runs it once on the input, waits for the end. */
    Result run(String definition, String input) {
        StateMachineInfo sm = engine.createStateMachine("sm" + machines.incrementAndGet(), definition);
        ExecutionInfo started = engine.startExecution(sm.stateMachineArn(), input);
        ExecutionInfo done = engine.awaitExecution(started.executionArn(), Duration.ofSeconds(20));
        return new Result(done, engine.getExecutionHistory(done.executionArn()));
    }

    record Result(ExecutionInfo info, List<HistoryEvent> history) {
        ExecutionStatus status() {
            return info.status();
        }

        Object output() {
            return Json.parse(info.output().orElseThrow(() -> new AssertionError("no output; " + this)));
        }

        String error() {
            return info.error().orElse(null);
        }

        String cause() {
            return info.cause().orElse(null);
        }

        List<String> types() {
            return history.stream().map(HistoryEvent::type).toList();
        }

        HistoryEvent first(String type) {
            return history.stream().filter(e -> e.type().equals(type)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type + " in " + types()));
        }

        @Override
        public String toString() {
            return info + "\n" + String.join("\n", history.stream().map(HistoryEvent::toString).toList());
        }
    }

    static Object json(String s) {
        return Json.parse(s);
    }

    @Override
    public void close() {
        engine.close();
    }
}
