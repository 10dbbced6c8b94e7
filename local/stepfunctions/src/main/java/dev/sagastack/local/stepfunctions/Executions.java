package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.asl.Definition;
import dev.sagastack.local.stepfunctions.asl.DefinitionParser;
import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.json.JsonException;
import dev.sagastack.local.stepfunctions.runtime.Checkpoints;
import dev.sagastack.local.stepfunctions.runtime.ExecutionRun;
import dev.sagastack.local.stepfunctions.runtime.Interpreter;
import dev.sagastack.local.stepfunctions.runtime.MapRuns;
import dev.sagastack.local.stepfunctions.runtime.Scheduler;
import dev.sagastack.local.stepfunctions.store.ExecutionStore;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.sagastack.local.stepfunctions.StateMachineCatalog.checkName;
import static dev.sagastack.local.stepfunctions.StateMachineCatalog.checkStateMachineArn;
import static dev.sagastack.local.stepfunctions.StateMachineCatalog.unqualified;

/**
 * The executions of an engine and their Map Runs: StartExecution (name idempotency),
 * StartSyncExecution, Describe/List/Stop/RedriveExecution, GetExecutionHistory pages, the Map Run
 * operations, the retention of finished executions, and the runs TestState makes.
 */
final class Executions {
    private final String region;
    private final String account;
    private final Scheduler scheduler;
    private final Interpreter interpreter;
    private final StateMachineCatalog catalog;
    private final ExecutionStore store;
    private final int maxRetainedExecutions;
    private final AtomicLong seeds;
    private final Map<String, ExecutionRun> executions = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentLinkedDeque<ExecutionRun>> executionsByMachine = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<ExecutionRun> finishedOrder = new ConcurrentLinkedDeque<>();
    private final AtomicInteger finishedCount = new AtomicInteger();
    /** TestState's runs, until their history is read. */
    private final Map<String, ExecutionRun> ephemeral = new ConcurrentHashMap<>();

    Executions(String region, String account, Scheduler scheduler, Interpreter interpreter, StateMachineCatalog catalog,
               ExecutionStore store, int maxRetainedExecutions, AtomicLong seeds) {
        this.region = region;
        this.account = account;
        this.scheduler = scheduler;
        this.interpreter = interpreter;
        this.catalog = catalog;
        this.store = store;
        this.maxRetainedExecutions = maxRetainedExecutions;
        this.seeds = seeds;
    }

    ExecutionRun start(String stateMachineArn, String name, String inputJson, String parentExecutionArn) {
        String smArn = stateMachineArn;
        String testCase = null;
        if (smArn != null && smArn.contains("#")) {
            testCase = smArn.substring(smArn.indexOf('#') + 1);
            smArn = smArn.substring(0, smArn.indexOf('#'));
        }
        checkStateMachineArn(smArn);
        StateMachineCatalog.Target target = catalog.resolve(smArn);
        StateMachineCatalog.StateMachineRecord sm = target.machine();
        String execName = name == null ? UUID.randomUUID().toString() : name;
        checkName(execName);
        String text = inputJson == null ? "{}" : inputJson;
        Object input;
        try {
            input = Json.parse(text);
        } catch (JsonException e) {
            throw new StepFunctionsException("InvalidExecutionInput", "Invalid State Machine Execution Input: '"
                    + e.getMessage() + "'");
        }
        if (Json.utf8Size(text) > Interpreter.PAYLOAD_LIMIT) {
            throw new StepFunctionsException("ValidationException", "1 validation error detected: Value at 'input' "
                    + "failed to satisfy constraint: Member must have length less than or equal to 262144");
        }
        // an express execution's ARN carries an id after the name, as AWS's do: express starts are not
        // idempotent by name (StartExecution API reference: "idempotent for STANDARD workflows")
        String arn = "EXPRESS".equals(sm.type())
                ? "arn:aws:states:" + region + ":" + account + ":express:" + sm.name() + ":" + execName + ":" + UUID.randomUUID()
                : "arn:aws:states:" + region + ":" + account + ":execution:" + sm.name() + ":" + execName;
        ExecutionRun run;
        synchronized (executions) {
            ExecutionRun existing = executions.get(arn);
            if (existing != null) {
                if (existing.isRunning() && existing.inputText().equals(text)) {
                    return existing;
                }
                throw new StepFunctionsException("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
            }
            run = interpreter.newRun(arn, execName, sm.arn(), sm.name(), target.roleArn(), target.definition(), text, input,
                    seeds.getAndIncrement(), testCase, parentExecutionArn);
            run.origin(target.versionArn(), target.aliasArn(), !"EXPRESS".equals(sm.type()));
            executions.put(arn, run);
            executionsByMachine.computeIfAbsent(sm.arn(), k -> new ConcurrentLinkedDeque<>()).add(run);
        }
        store.registerExecution(run, target.definitionText());
        interpreter.start(run);
        return run;
    }


    /** StartSyncExecution (EXPRESS state machines): runs the execution and returns its result. */
    ExecutionInfo startSyncExecution(String stateMachineArn, String name, String inputJson, Duration wait) {
        String base = stateMachineArn == null ? null : stateMachineArn.split("#")[0];
        checkStateMachineArn(base);
        if (!"EXPRESS".equals(catalog.machine(unqualified(base)).type())) {
            throw new StepFunctionsException("StateMachineTypeNotSupported",
                    "This operation is not supported by this type of state machine");
        }
        ExecutionRun run = start(stateMachineArn, name, inputJson, null);
        return await(run, wait);
    }

    ExecutionRun run(String executionArn) {
        checkExecutionArn(executionArn);
        ExecutionRun r = executions.get(executionArn);
        if (r == null) {
            throw noExecution(executionArn);
        }
        return r;
    }

    private static void checkExecutionArn(String executionArn) {
        if (executionArn == null || !executionArn.matches("^arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:(execution:[^:]+|express:[^:]+:[^:]+):[^:]+$")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + executionArn + "'");
        }
    }

    private static StepFunctionsException noExecution(String executionArn) {
        return new StepFunctionsException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + executionArn + "'");
    }


    /** DescribeMapRun: a Map Run of a Distributed Map state. */
    MapRunInfo describeMapRun(String mapRunArn) {
        checkMapRunArn(mapRunArn);
        return interpreter.mapRuns().describe(mapRunArn).orElseThrow(() -> noMapRun(mapRunArn));
    }

    /** ListMapRuns: the Map Runs an execution started, newest first. */
    List<MapRunInfo> listMapRuns(String executionArn) {
        return interpreter.mapRuns().list(run(executionArn));
    }

    /**
     * UpdateMapRun: a running Map Run's MaxConcurrency, ToleratedFailureCount and
     * ToleratedFailurePercentage (UpdateMapRun API reference: 0 or more, a percentage at most 100).
     */
    void updateMapRun(String mapRunArn, Integer maxConcurrency, Integer toleratedFailureCount,
                             Double toleratedFailurePercentage) {
        checkMapRunArn(mapRunArn);
        if (maxConcurrency != null && maxConcurrency < 0) {
            throw new StepFunctionsException("ValidationException", "1 validation error detected: Value '"
                    + maxConcurrency + "' at 'maxConcurrency' failed to satisfy constraint: Member must have value"
                    + " greater than or equal to 0");
        }
        if (toleratedFailureCount != null && toleratedFailureCount < 0) {
            throw new StepFunctionsException("ValidationException", "1 validation error detected: Value '"
                    + toleratedFailureCount + "' at 'toleratedFailureCount' failed to satisfy constraint: Member must"
                    + " have value greater than or equal to 0");
        }
        if (toleratedFailurePercentage != null && (toleratedFailurePercentage < 0 || toleratedFailurePercentage > 100)) {
            throw new StepFunctionsException("ValidationException", "1 validation error detected: Value '"
                    + toleratedFailurePercentage + "' at 'toleratedFailurePercentage' failed to satisfy constraint:"
                    + " Member must have value between 0 and 100");
        }
        if (!interpreter.mapRuns().update(mapRunArn, maxConcurrency, toleratedFailureCount, toleratedFailurePercentage)) {
            throw noMapRun(mapRunArn);
        }
    }

    private static void checkMapRunArn(String mapRunArn) {
        if (mapRunArn == null || !mapRunArn.matches("^arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:mapRun:[^:/]+/[^:]+:[^:]+$")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + mapRunArn + "'");
        }
    }

    private static StepFunctionsException noMapRun(String mapRunArn) {
        return new StepFunctionsException("ResourceNotFound", "Resource not found: '" + mapRunArn + "'");
    }

    /** The Map Run a child workflow execution comes from; empty for an execution of this engine's own or an unknown ARN. */
    Optional<MapRuns.ChildOrigin> mapRunOrigin(String executionArn) {
        checkExecutionArn(executionArn);
        return executions.containsKey(executionArn) ? Optional.empty() : interpreter.mapRuns().origin(executionArn);
    }

    /** DescribeExecution of an execution, or of a child workflow execution of a Map Run (with its mapRunArn). */
    ExecutionInfo describeExecution(String executionArn) {
        checkExecutionArn(executionArn);
        ExecutionRun r = executions.get(executionArn);
        if (r != null) {
            return r.info();
        }
        return interpreter.mapRuns().childExecution(executionArn).orElseThrow(() -> noExecution(executionArn));
    }

    /**
     * ListExecutions with a mapRunArn: the child workflow executions the Map Run started, newest first
     * (ListExecutions API reference; Developer Guide "Examining Map Run").
     */
    List<ExecutionInfo> listMapRunExecutions(String mapRunArn, ExecutionStatus statusFilter) {
        checkMapRunArn(mapRunArn);
        List<ExecutionInfo> children = new ArrayList<>(interpreter.mapRuns().childExecutions(mapRunArn)
                .orElseThrow(() -> noMapRun(mapRunArn)));
        Collections.reverse(children);
        children.sort(Comparator.comparing(ExecutionInfo::startDate).reversed());
        return children.stream().filter(e -> statusFilter == null || e.status() == statusFilter).toList();
    }

    /** Completes when the execution stops running (started by this engine or restored). */
    CompletableFuture<ExecutionInfo> completion(String executionArn) {
        return run(executionArn).completion().thenApply(ExecutionRun::info);
    }

    /** Waits (up to {@code timeout} of real time) until the execution is no longer RUNNING. */
    ExecutionInfo awaitExecution(String executionArn, Duration timeout) {
        return await(run(executionArn), timeout);
    }

    private ExecutionInfo await(ExecutionRun run, Duration timeout) {
        try {
            run.completion().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // still running: report as is
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return run.info();
    }

    /** ListExecutions for one state machine, newest first, optionally filtered by status. */
    List<ExecutionInfo> listExecutions(String stateMachineArn, ExecutionStatus statusFilter) {
        checkStateMachineArn(stateMachineArn);
        String base = unqualified(stateMachineArn);
        if ("EXPRESS".equals(catalog.machine(base).type())) {
            // ListExecutions API reference: not supported by EXPRESS state machines
            throw new StepFunctionsException("StateMachineTypeNotSupported",
                    "This operation is not supported by this type of state machine");
        }
        // a version or alias ARN lists the executions started through it
        String qualified = base.equals(stateMachineArn) ? null : stateMachineArn;
        List<ExecutionInfo> out = new ArrayList<>();
        var runs = executionsByMachine.get(base);
        if (runs != null) {
            var it = runs.descendingIterator();
            while (it.hasNext()) {
                ExecutionRun r = it.next();
                boolean through = qualified == null || qualified.equals(r.versionArn()) && r.aliasArn() == null
                        || qualified.equals(r.aliasArn());
                if (through && (statusFilter == null || r.status() == statusFilter)) {
                    out.add(r.info());
                }
            }
        }
        return out;
    }

    /** StopExecution: aborts a running execution; returns the stop date. */
    Instant stopExecution(String executionArn, String error, String cause) {
        ExecutionRun r = run(executionArn);
        if (r.isRunning()) {
            interpreter.stop(r, error, cause);
            try {
                r.completion().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // reported through describeExecution
            }
        }
        return r.info().stopDate().orElse(scheduler.now());
    }

    /**
     * RedriveExecution: restarts a FAILED, ABORTED or TIMED_OUT Standard execution from its
     * unsuccessful step (see {@code Interpreter.redrive}); returns the redrive date. A repeated
     * {@code clientToken} (one of the last 10, within 15 minutes) returns the earlier redrive's date
     * and redrives nothing, as the API reference describes. Refusals are ExecutionNotRedrivable with
     * DescribeExecution's redriveStatusReason as the message.
     */
    Instant redriveExecution(String executionArn, String clientToken) {
        ExecutionRun r = run(executionArn);
        if (clientToken != null && (clientToken.isEmpty() || clientToken.length() > 64)) {
            throw new StepFunctionsException("ValidationException", "1 validation error detected: Value '"
                    + clientToken + "' at 'clientToken' failed to satisfy constraint: Member must have length less"
                    + " than or equal to 64");
        }
        synchronized (r) {
            Instant now = scheduler.now();
            if (clientToken != null) {
                r.redriveTokens().values().removeIf(t -> t.plus(Duration.ofMinutes(15)).isBefore(now));
                Instant earlier = r.redriveTokens().get(clientToken);
                if (earlier != null) {
                    return earlier;
                }
            }
            if (!r.isStandard()) {
                throw new StepFunctionsException("ExecutionNotRedrivable",
                        "This operation is not supported by EXPRESS state machines.");
            }
            Optional<String> refused = r.notRedrivableReason(now);
            if (refused.isPresent()) {
                throw new StepFunctionsException("ExecutionNotRedrivable", refused.get());
            }
            if (finishedOrder.remove(r)) {
                finishedCount.decrementAndGet();
            }
            interpreter.redrive(r, now);
            if (clientToken != null) {
                r.redriveTokens().put(clientToken, now);
                while (r.redriveTokens().size() > 10) {
                    r.redriveTokens().remove(r.redriveTokens().keySet().iterator().next());
                }
            }
            return now;
        }
    }

    /** The full history, oldest first. */
    /** The history of an execution, or of a child workflow execution of a Map Run. */
    List<HistoryEvent> getExecutionHistory(String executionArn) {
        checkExecutionArn(executionArn);
        ExecutionRun r = executions.get(executionArn);
        if (r != null) {
            return r.history();
        }
        return interpreter.mapRuns().childHistory(executionArn).orElseThrow(() -> noExecution(executionArn));
    }

    /** One page of the history; {@code nextToken} comes from the previous page. */
    HistoryPage<HistoryEvent> getExecutionHistory(String executionArn, int maxResults, String nextToken,
                                                         boolean reverseOrder) {
        List<HistoryEvent> all = getExecutionHistory(executionArn);
        if (reverseOrder) {
            Collections.reverse(all);
        }
        int from = decodeToken(nextToken, executionArn);
        int size = maxResults <= 0 ? 100 : Math.min(maxResults, 1000);
        int to = Math.min(all.size(), from + size);
        Optional<String> next = to < all.size() ? Optional.of(encodeToken(to, executionArn)) : Optional.empty();
        return new HistoryPage<>(all.subList(Math.min(from, all.size()), to), next);
    }

    static String encodeToken(int offset, String scope) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((offset + "|" + scope).getBytes(
                StandardCharsets.UTF_8));
    }

    static int decodeToken(String token, String scope) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = s.indexOf('|');
            if (bar > 0 && s.substring(bar + 1).equals(scope)) {
                return Integer.parseInt(s.substring(0, bar));
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new StepFunctionsException("InvalidToken", "Invalid Token: '" + token + "'");
    }


    /** Keeps at most maxRetainedExecutions finished executions: the oldest are forgotten first. */
    void onFinished(ExecutionRun run) {
        finishedOrder.add(run);
        // ConcurrentLinkedDeque.size() walks the deque, so the count is kept alongside
        int finished = finishedCount.incrementAndGet();
        while (finished > maxRetainedExecutions) {
            ExecutionRun old = finishedOrder.poll();
            if (old == null) {
                break;
            }
            finished = finishedCount.decrementAndGet();
            executions.remove(old.arn());
            interpreter.mapRuns().forget(old);
            var l = executionsByMachine.get(old.stateMachineArn());
            if (l != null) {
                l.remove(old);
            }
            store.forget(old.arn());
        }
    }

    ExecutionInfo runEphemeral(Definition def, String inputJson, Duration wait) {
        Object input;
        try {
            input = Json.parse(inputJson);
        } catch (JsonException e) {
            throw new StepFunctionsException("InvalidExecutionInput", "Invalid State Machine Execution Input: '"
                    + e.getMessage() + "'");
        }
        String name = UUID.randomUUID().toString();
        String arn = "arn:aws:states:" + region + ":" + account + ":execution:TestState:" + name;
        ExecutionRun run = interpreter.newRun(arn, name, catalog.stateMachineArn("TestState"), "TestState", catalog.defaultRole(), def,
                inputJson, input, seeds.getAndIncrement(), null, null);
        ephemeral.put(arn, run);
        interpreter.start(run);
        ExecutionInfo info = await(run, wait);
        return info;
    }

    List<HistoryEvent> getEphemeralHistory(String arn) {
        ExecutionRun run = ephemeral.remove(arn);
        return run == null ? List.of() : run.history();
    }

    /** Registers the executions the durable store kept and resumes the ones that were running. */
    void restore(List<ExecutionStore.StoredExecution> stored) {
        Map<String, Definition> parsed = new HashMap<>();
        List<ExecutionRun> running = new ArrayList<>();
        List<ExecutionRun> runs = new ArrayList<>();
        for (ExecutionStore.StoredExecution se : stored) {
            String text = (String) se.snapshot().get("definition");
            Definition def = parsed.computeIfAbsent(text, DefinitionParser::parse);
            // a history is parsed when first read or appended to: most restored executions have finished
            ExecutionRun run = Checkpoints.restore(interpreter, se.snapshot(), def, se.historySize(), () -> {
                List<HistoryEvent> events = new ArrayList<>(se.historySize());
                se.history().forEach(h -> events.add(Checkpoints.event(h)));
                return events;
            }, seeds.getAndIncrement());
            runs.add(run);
            if (run.isRunning()) {
                running.add(run);
            }
        }
        runs.sort(Comparator.comparing(ExecutionRun::startDate));
        for (ExecutionRun run : runs) {
            executions.put(run.arn(), run);
            executionsByMachine.computeIfAbsent(run.stateMachineArn(), k -> new ConcurrentLinkedDeque<>()).add(run);
            if (!run.isRunning()) {
                finishedOrder.add(run);
                finishedCount.incrementAndGet();
            }
        }
        running.forEach(interpreter::resume);
    }
}
