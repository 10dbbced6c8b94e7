package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.ExecutionInfo;
import dev.sagastack.local.stepfunctions.ExecutionStatus;
import dev.sagastack.local.stepfunctions.HistoryEvent;
import dev.sagastack.local.stepfunctions.asl.Definition;
import dev.sagastack.local.stepfunctions.json.Json;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One execution: its identity, status, history and strands. All changes happen on its mailbox, one
 * message at a time, so the interpreter needs no locks; other threads only read the volatile status
 * and copies of the history.
 */
public final class ExecutionRun {
    final Interpreter interpreter;
    final String arn;
    final String name;
    /** The Map Runs of this execution's Distributed Map states, oldest first. */
    final List<MapRun> mapRuns = new CopyOnWriteArrayList<>();
    final String stateMachineArn;
    final String stateMachineName;
    final String roleArn;
    final Definition definition;
    final String inputText;
    final Object input;
    final Instant startDate;
    /** Replaced (never changed in place) on redrive: values read from it may be shared by outputs. */
    volatile Map<String, Object> contextExecution;
    final Map<String, Object> contextStateMachine;
    final Random random;
    final String testCase;
    final String parentExecutionArn;

    /**
     * Guards the outcome as one: status, output, error, cause, stop date and the redrive count and date change
     * together ({@link #close}, {@link #reopen}) and {@link #info()} reads them together, so DescribeExecution
     * never shows a redriven execution's new count beside the status and error of the run it reopened.
     */
    private final Object outcomeLock = new Object();
    volatile ExecutionStatus status = ExecutionStatus.RUNNING;
    volatile Object output;
    volatile String error;
    volatile String cause;
    volatile Instant stopDate;

    private final List<HistoryEvent> history = new ArrayList<>();
    /** A restored execution's stored history, read at the first use of {@link #history} (guarded by it). */
    private Supplier<List<HistoryEvent>> storedHistory;
    private int storedHistorySize;
    long eventCounter;
    Strand root;
    Scheduler.Timer executionTimeout;
    volatile CompletableFuture<ExecutionRun> completion = new CompletableFuture<>();
    /** Ended, with {@link #completion} to complete once the end is in the store (a durable engine's next checkpoint). */
    boolean completeWhenPersisted;
    /** Which version (and alias) of the state machine this execution runs; null for the unqualified ARN. */
    String versionArn;
    String aliasArn;
    /** False for EXPRESS executions (never redrivable). */
    boolean standard = true;
    /** RedriveExecution bookkeeping: count, last redrive date, and where a redrive restarts. */
    volatile int redriveCount;
    volatile Instant redriveDate;
    /** The strands as they were when the execution closed, ready to resume (see Checkpoints.redrivePoint). */
    volatile Map<String, Object> redrivePoint;
    /** Client tokens of recent successful redrives and the redrive date each returned. */
    final Map<String, Instant> redriveTokens = new LinkedHashMap<>();

    private final ConcurrentLinkedQueue<Runnable> mailbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    final List<Runnable> deferred = new ArrayList<>();
    boolean dirty;
    private final Map<String, Integer> invocations = new HashMap<>();
    /** How many history events the durable store already has. */
    public int persistedEvents;

    Map<String, Integer> invocationCounts() {
        return invocations;
    }

    /** Counts Task invocations per state name (the index mocked responses are keyed by). */
    int nextInvocationIndex(String stateName) {
        return invocations.merge(stateName, 1, Integer::sum) - 1;
    }

    ExecutionRun(Interpreter interpreter, String arn, String name, String stateMachineArn, String stateMachineName,
                 String roleArn, Definition definition, String inputText, Object input, Instant startDate,
                 long seed, String testCase, String parentExecutionArn) {
        this.interpreter = interpreter;
        this.arn = arn;
        this.name = name;
        this.stateMachineArn = stateMachineArn;
        this.stateMachineName = stateMachineName;
        this.roleArn = roleArn;
        this.definition = definition;
        this.inputText = inputText;
        this.input = input;
        this.startDate = startDate;
        this.random = new Random(seed);
        this.testCase = testCase;
        this.parentExecutionArn = parentExecutionArn;
        this.contextExecution = Json.obj("Id", arn, "Input", input, "StartTime", Interpreter.isoMillis(startDate),
                "Name", name, "RoleArn", roleArn, "RedriveCount", 0);
        this.contextStateMachine = Json.obj("Id", stateMachineArn, "Name", stateMachineName);
    }

    public String arn() {
        return arn;
    }

    public String name() {
        return name;
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    public String inputText() {
        return inputText;
    }

    public ExecutionStatus status() {
        return status;
    }

    public Instant startDate() {
        return startDate;
    }

    public String testCase() {
        return testCase;
    }

    public CompletableFuture<ExecutionRun> completion() {
        return completion;
    }

    public boolean isRunning() {
        return status == ExecutionStatus.RUNNING;
    }

    /** Posts work to run on this execution's mailbox. */
    public void post(Runnable r) {
        mailbox.add(r);
        if (scheduled.compareAndSet(false, true)) {
            interpreter.scheduler.execute(this::drain);
        }
    }

    /**
     * Posts from a task thread: when the mailbox is idle, this thread drains it itself (after its
     * current work) rather than handing the work to the interpreter pool.
     */
    void postFromTask(Runnable r) {
        mailbox.add(r);
        if (scheduled.compareAndSet(false, true)) {
            Trampoline.run(this::drain);
        }
    }

    private void drain() {
        try {
            Runnable r;
            int handled = 0;
            while (handled++ < 64 && (r = mailbox.poll()) != null) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    interpreter.internalError(this, e);
                }
            }
            interpreter.afterDrain(this, mailbox.isEmpty());
        } finally {
            scheduled.set(false);
            if (!mailbox.isEmpty() && scheduled.compareAndSet(false, true)) {
                interpreter.scheduler.execute(this::drain);
            }
        }
    }

    /**
     * Reopens a closed execution for RedriveExecution: RUNNING again, one more redrive, and a context
     * object that shows the count ($$.Execution.RedriveCount, $$.Execution.RedriveTime).
     */
    void reopen(Instant date) {
        synchronized (outcomeLock) {
            redriveCount++;
            redriveDate = date;
            contextExecution = redriveContext();
            output = null;
            error = null;
            cause = null;
            stopDate = null;
            completion = new CompletableFuture<>();
            completeWhenPersisted = false;
            status = ExecutionStatus.RUNNING;
        }
    }

    /**
     * Closes the execution: its status with the output or error and cause, and the stop date, set together
     * (a reader of {@link #info()} sees the run before or after, never half of it).
     */
    void close(ExecutionStatus closed, Object result, String errorName, String errorCause, Instant at) {
        synchronized (outcomeLock) {
            output = result;
            error = errorName;
            cause = errorCause;
            stopDate = at;
            status = closed;
        }
    }

    Map<String, Object> redriveContext() {
        Map<String, Object> c = new LinkedHashMap<>(contextExecution);
        c.put("RedriveCount", redriveCount);
        if (redriveDate != null) {
            c.put("RedriveTime", Interpreter.isoMillis(redriveDate));
        }
        return c;
    }

    void record(HistoryEvent e) {
        synchronized (history) {
            readStoredHistory();
            history.add(e);
        }
        dirty = true;
    }

    /** A copy of the history so far. */
    public List<HistoryEvent> history() {
        synchronized (history) {
            readStoredHistory();
            return new ArrayList<>(history);
        }
    }

    /** History events from the given index on (for checkpoints). */
    List<HistoryEvent> historySince(int from) {
        synchronized (history) {
            readStoredHistory();
            return new ArrayList<>(history.subList(Math.min(from, history.size()), history.size()));
        }
    }

    int historySize() {
        synchronized (history) {
            return storedHistory != null ? storedHistorySize : history.size();
        }
    }

    /** The stored history of a restored execution, {@code size} events read from {@code events} when first needed. */
    void restoreHistory(int size, Supplier<List<HistoryEvent>> events) {
        synchronized (history) {
            history.clear();
            storedHistory = events;
            storedHistorySize = size;
        }
    }

    /** Called holding the history's lock. */
    private void readStoredHistory() {
        if (storedHistory != null) {
            List<HistoryEvent> events = storedHistory.get();
            storedHistory = null;
            history.addAll(0, events);
        }
    }

    public ExecutionInfo info() {
        synchronized (outcomeLock) {
            return snapshot();
        }
    }

    private ExecutionInfo snapshot() {
        Object out = output;
        Optional<String> redriveStatus = Optional.empty();
        Optional<String> reason = Optional.empty();
        if (standard) {
            reason = notRedrivableReason(interpreter.scheduler.now());
            redriveStatus = Optional.of(reason.isPresent() ? "NOT_REDRIVABLE" : "REDRIVABLE");
        }
        return new ExecutionInfo(arn, stateMachineArn, name, status, startDate, Optional.ofNullable(stopDate),
                inputText, out == null ? Optional.empty() : Optional.of(Json.write(out)),
                Optional.ofNullable(error), Optional.ofNullable(cause), Optional.ofNullable(versionArn),
                Optional.ofNullable(aliasArn), redriveCount, Optional.ofNullable(redriveDate), redriveStatus, reason);
    }

    /** The version ARN this execution runs (null when started on the unqualified state machine ARN). */
    public String versionArn() {
        return versionArn;
    }

    public String roleArn() {
        return roleArn;
    }

    public String aliasArn() {
        return aliasArn;
    }

    public Definition definition() {
        return definition;
    }

    public boolean isStandard() {
        return standard;
    }

    /** Recent redrive client tokens (guarded by the run's monitor). */
    public Map<String, Instant> redriveTokens() {
        return redriveTokens;
    }

    public int redriveCount() {
        return redriveCount;
    }

    public Instant redriveDate() {
        return redriveDate;
    }

    /** Records where the execution runs from: version and alias ARNs, and whether it is a STANDARD one. */
    public void origin(String versionArn, String aliasArn, boolean standard) {
        this.versionArn = versionArn;
        this.aliasArn = aliasArn;
        this.standard = standard;
    }

    /**
     * Why RedriveExecution would refuse this execution now, in the words of DescribeExecution's
     * redriveStatusReason (API reference, DescribeExecution; limits from RedriveExecution: a 14-day
     * redrivable period from the stop date, fewer than 24,999 history events, at most 1,000 redrives).
     */
    public Optional<String> notRedrivableReason(Instant now) {
        ExecutionStatus st = status;
        if (st == ExecutionStatus.RUNNING || st == ExecutionStatus.PENDING_REDRIVE) {
            return Optional.of("Execution is RUNNING and cannot be redriven.");
        }
        if (st == ExecutionStatus.SUCCEEDED) {
            return Optional.of("Execution is SUCCEEDED and cannot be redriven.");
        }
        if (redrivePoint == null) {
            return Optional.of("Execution was started before the launch of RedriveExecution.");
        }
        if (historySize() >= Interpreter.MAX_HISTORY_EVENTS - 1) {
            return Optional.of("Execution history event limit exceeded.");
        }
        if (now.isAfter(startDate.plus(Duration.ofDays(365)))) {
            return Optional.of("Execution has exceeded the max execution time.");
        }
        Instant stopped = stopDate;
        if (stopped != null && now.isAfter(stopped.plus(Duration.ofDays(14)))) {
            return Optional.of("Execution redrivable period exceeded.");
        }
        if (redriveCount >= Interpreter.MAX_REDRIVES) {
            // the quota (1,000 redrives) is documented; this reason's wording is ours
            return Optional.of("Execution redrive count limit exceeded.");
        }
        return Optional.empty();
    }
}
