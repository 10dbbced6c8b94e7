package dev.sagastack.local.stepfunctions.cli;

import dev.sagastack.local.stepfunctions.ExecutionInfo;
import dev.sagastack.local.stepfunctions.HistoryEvent;
import dev.sagastack.local.stepfunctions.StateMachineInfo;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;
import dev.sagastack.local.stepfunctions.StepFunctionsException;
import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.json.JsonException;
import dev.sagastack.local.stepfunctions.task.MockedResponses;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The command-line runner.
 * <pre>
 * run --definition FILE --input FILE_OR_JSON [--mock-config FILE --test-case NAME [--state-machine NAME]]
 *     [--history] [--real-time] [--substitution KEY=VALUE ...]
 * serve [--port N] [--host H] [--data-dir DIR] [--mock-config FILE] [--dynamodb-endpoint URL]
 * </pre>
 * {@code run} prints exactly one JSON object on stdout and exits 0 whatever the execution's status;
 * it exits 2 for a bad invocation (unknown option, missing file, invalid definition).
 */
public final class Runner {
    private Runner() {
    }

    static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;

        UsageError(String m) {
            super(m);
        }
    }

    public static int main(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new UsageError("expected a command: run or serve");
            }
            switch (args[0]) {
                case "run":
                    out.println(Json.write(run(options(args), err)));
                    out.flush();
                    return 0;
                case "serve":
                    serve(options(args), out);
                    return 0;
                default:
                    throw new UsageError("unknown command '" + args[0] + "' (expected run or serve)");
            }
        } catch (UsageError e) {
            err.println("error: " + e.getMessage());
            err.println("usage: run --definition FILE --input FILE_OR_JSON [--mock-config FILE --test-case NAME] "
                    + "[--history] [--real-time] [--substitution KEY=VALUE]");
            err.println("       serve [--port N] [--host H] [--data-dir DIR] [--mock-config FILE] [--dynamodb-endpoint URL]");
            return 2;
        }
    }

    private static Map<String, List<String>> options(String[] args) throws UsageError {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new UsageError("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            if (name.equals("history") || name.equals("real-time")) {
                m.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                continue;
            }
            if (i + 1 >= args.length) {
                throw new UsageError("option --" + name + " needs a value");
            }
            m.computeIfAbsent(name, k -> new ArrayList<>()).add(args[++i]);
        }
        return m;
    }

    private static String one(Map<String, List<String>> o, String name, boolean required) throws UsageError {
        List<String> v = o.get(name);
        if (v == null) {
            if (required) {
                throw new UsageError("missing --" + name);
            }
            return null;
        }
        if (v.size() > 1) {
            throw new UsageError("--" + name + " given more than once");
        }
        return v.get(0);
    }

    private static String read(String file, String what) throws UsageError {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageError("cannot read " + what + " file '" + file + "': " + e.getMessage());
        }
    }

    static Map<String, Object> run(Map<String, List<String>> o, PrintStream err) throws UsageError {
        for (String k : o.keySet()) {
            if (!List.of("definition", "input", "mock-config", "test-case", "state-machine", "history", "real-time",
                    "substitution").contains(k)) {
                throw new UsageError("unknown option --" + k + " for run");
            }
        }
        String definition = read(one(o, "definition", true), "definition");
        String inputArg = one(o, "input", false);
        String input = inputArg == null ? "{}" : inputArg;
        if (inputArg != null && !Json.isValid(inputArg)) {
            input = read(inputArg, "input");
        }
        if (!Json.isValid(input)) {
            throw new UsageError("the input is not valid JSON");
        }
        Map<String, String> subs = new LinkedHashMap<>();
        for (String s : o.getOrDefault("substitution", List.of())) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new UsageError("--substitution expects KEY=VALUE, got '" + s + "'");
            }
            subs.put(s.substring(0, eq), s.substring(eq + 1));
        }
        StepFunctionsEngine.Builder b = StepFunctionsEngine.builder();
        if (o.get("real-time") == null) {
            b.virtualTime(Instant.now());
        }
        String mockFile = one(o, "mock-config", false);
        String testCase = one(o, "test-case", false);
        String smName = one(o, "state-machine", false);
        if ((mockFile == null) != (testCase == null)) {
            throw new UsageError("--mock-config and --test-case go together");
        }
        if (mockFile != null) {
            String mockJson = read(mockFile, "mock config");
            MockedResponses mocks;
            try {
                mocks = MockedResponses.parse(mockJson);
            } catch (IllegalArgumentException e) {
                throw new UsageError(e.getMessage());
            }
            if (smName == null) {
                List<String> with = mocks.stateMachinesWith(testCase);
                if (with.size() != 1) {
                    throw new UsageError(with.isEmpty() ? "no state machine in the mock config has test case '"
                            + testCase + "'" : "test case '" + testCase + "' exists for several state machines "
                            + with + "; choose one with --state-machine");
                }
                smName = with.get(0);
            } else if (!mocks.hasTestCase(smName, testCase)) {
                throw new UsageError("state machine '" + smName + "' has no test case '" + testCase + "'");
            }
            b.mockConfig(mockJson);
        }
        try (StepFunctionsEngine engine = b.build()) {
            StateMachineInfo sm;
            try {
                sm = engine.createStateMachine(smName == null ? "StateMachine" : smName, definition, subs);
            } catch (StepFunctionsException e) {
                throw new UsageError(e.getMessage());
            }
            String arn = sm.stateMachineArn() + (testCase == null ? "" : "#" + testCase);
            ExecutionInfo started = engine.startExecution(arn, null, input);
            ExecutionInfo done = engine.awaitExecution(started.executionArn(), Duration.ofDays(365));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("status", done.status().name());
            done.output().ifPresent(s -> result.put("output", Json.parse(s)));
            done.error().ifPresent(s -> result.put("error", s));
            done.cause().ifPresent(s -> result.put("cause", s));
            if (o.get("history") != null) {
                List<Object> events = new ArrayList<>();
                for (HistoryEvent e : engine.getExecutionHistory(done.executionArn())) {
                    events.add(e.toApiJson(true));
                }
                result.put("history", events);
            }
            return result;
        } catch (JsonException e) {
            throw new UsageError(e.getMessage());
        }
    }

    private static void serve(Map<String, List<String>> o, PrintStream out) throws UsageError {
        for (String k : o.keySet()) {
            if (!List.of("port", "host", "data-dir", "mock-config", "dynamodb-endpoint").contains(k)) {
                throw new UsageError("unknown option --" + k + " for serve");
            }
        }
        int port;
        try {
            port = Integer.parseInt(o.getOrDefault("port", List.of("8083")).get(0));
        } catch (NumberFormatException e) {
            throw new UsageError("--port must be a number");
        }
        StepFunctionsEngine.Builder b = StepFunctionsEngine.builder();
        String dir = one(o, "data-dir", false);
        if (dir != null) {
            b.dataDirectory(Path.of(dir));
        }
        String mock = one(o, "mock-config", false);
        if (mock != null) {
            try {
                b.mockConfig(read(mock, "mock config"));
            } catch (IllegalArgumentException e) {
                throw new UsageError(e.getMessage());
            }
        }
        String ddb = one(o, "dynamodb-endpoint", false);
        if (ddb != null) {
            b.dynamoDbEndpoint(URI.create(ddb));
        }
        StepFunctionsEngine engine = b.build();
        String host = o.getOrDefault("host", List.of("127.0.0.1")).get(0);
        StepFunctionsServer server = StepFunctionsServer.start(engine, host, port);
        out.println("Step Functions API listening on " + server.endpoint());
        out.flush();
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            engine.close();
            forever.countDown();
        }));
        try {
            forever.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
