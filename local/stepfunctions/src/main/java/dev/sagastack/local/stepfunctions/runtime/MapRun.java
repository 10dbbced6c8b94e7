package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.ExecutionInfo;
import dev.sagastack.local.stepfunctions.ExecutionStatus;
import dev.sagastack.local.stepfunctions.HistoryEvent;
import dev.sagastack.local.stepfunctions.MapRunInfo;
import dev.sagastack.local.stepfunctions.json.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Map Run of one Distributed Map state run: its settings (which UpdateMapRun changes) and its
 * child workflow executions, one per item or batch (Developer Guide "Examining Map Run"), from which
 * DescribeMapRun's itemCounts and executionCounts are counted. Changed on the execution's mailbox,
 * read by API threads, hence synchronized.
 */
final class MapRun {
    final String arn;
    final String executionArn;
    final String stateMachineArn;
    final String stateName;
    private final ExecutionRun parent;
    private final Instant startDate;
    private Instant stopDate;
    private String status = "RUNNING";
    private int maxConcurrency;
    private Integer toleratedFailureCount;
    private Double toleratedFailurePercentage;
    /** How many items each child processes: the size of its batch with an ItemBatcher, else 1. */
    private final long[] itemsPerChild;
    /** The child started for each index; null while the index waits to start. */
    private final MapRunChild[] children;
    /** The Map Run closed unsuccessfully before starting the indexes still without a child. */
    private boolean unstartedAborted;
    private int redriveCount;
    private Instant redriveDate;
    /** The fan-out running its items now (null once it ended). */
    Group group;

    MapRun(String arn, ExecutionRun parent, String stateMachineArn, String stateName, Instant startDate,
           long[] itemsPerChild, int maxConcurrency, Integer toleratedFailureCount, Double toleratedFailurePercentage) {
        this.arn = arn;
        this.parent = parent;
        this.executionArn = parent.arn;
        this.stateMachineArn = stateMachineArn;
        this.stateName = stateName;
        this.startDate = startDate;
        this.itemsPerChild = itemsPerChild;
        this.children = new MapRunChild[itemsPerChild.length];
        this.maxConcurrency = maxConcurrency;
        this.toleratedFailureCount = toleratedFailureCount;
        this.toleratedFailurePercentage = toleratedFailurePercentage;
    }

    /** Starts the child execution of index {@code i}; returns its ARN. */
    synchronized String childStarted(int i, Instant at) {
        String name = UUID.randomUUID().toString();
        String childArn = stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
        children[i] = new MapRunChild(childArn, name, itemsPerChild[i], at);
        return childArn;
    }

    /** The history of the child of index {@code i} (started). */
    synchronized ChildLog childLog(int i) {
        return children[i].log;
    }

    /** How many times the child of index {@code i} was redriven. */
    synchronized int childRedriveCount(int i) {
        return children[i].redriveCount;
    }

    /** The input the child's first state received (after ItemSelector). */
    synchronized void childInput(int i, Object input) {
        if (children[i] != null) {
            children[i].input = Json.write(input);
        }
    }

    synchronized void childSucceeded(int i, Object output, Instant at) {
        MapRunChild c = children[i];
        if (c != null) {
            c.output = Json.write(output);
            c.close(ExecutionStatus.SUCCEEDED, at);
        }
    }

    synchronized void childFailed(int i, String error, String cause, Instant at) {
        MapRunChild c = children[i];
        if (c != null && c.status == ExecutionStatus.RUNNING) {
            c.error = error;
            c.cause = cause;
            c.close(ExecutionStatus.FAILED, at);
        }
    }

    /**
     * A redrive of the parent restarts an unsuccessful child under its own ARN ("Redriving Map Runs");
     * returns the ARN of a child started now instead, for an index that had none, else null.
     */
    synchronized String childRedriven(int i, Instant at) {
        MapRunChild c = children[i];
        if (c == null) {
            return childStarted(i, at);
        }
        if (c.unsuccessful()) {
            c.redrive(at);
        }
        return null;
    }

    /** The Map Run closed: children still running were stopped by Step Functions (aborted). */
    synchronized void ended(String endStatus, Instant at) {
        for (MapRunChild c : children) {
            if (c != null && c.status == ExecutionStatus.RUNNING) {
                c.close(ExecutionStatus.ABORTED, at);
            }
        }
        unstartedAborted = !endStatus.equals("SUCCEEDED");
        status = endStatus;
        stopDate = at;
        group = null;
    }

    /** A redrive of the execution runs the items that did not succeed again. */
    synchronized void redriven(Instant at, Group again) {
        redriveCount++;
        redriveDate = at;
        status = "RUNNING";
        stopDate = null;
        unstartedAborted = false;
        for (MapRunChild c : children) {
            if (c != null && c.unsuccessful()) {
                c.awaitingRedrive = true;
            }
        }
        group = again;
    }

    synchronized int redriveCount() {
        return redriveCount;
    }

    synchronized boolean isRunning() {
        return status.equals("RUNNING");
    }

    /** UpdateMapRun: null leaves a setting as it is. */
    synchronized void update(Integer maxConcurrency, Integer toleratedFailureCount, Double toleratedFailurePercentage) {
        if (maxConcurrency != null) {
            this.maxConcurrency = maxConcurrency;
        }
        if (toleratedFailureCount != null) {
            this.toleratedFailureCount = toleratedFailureCount;
        }
        if (toleratedFailurePercentage != null) {
            this.toleratedFailurePercentage = toleratedFailurePercentage;
        }
    }

    synchronized int maxConcurrency() {
        return maxConcurrency;
    }

    synchronized Integer toleratedFailureCount() {
        return toleratedFailureCount;
    }

    synchronized Double toleratedFailurePercentage() {
        return toleratedFailurePercentage;
    }

    /**
     * Why an unsuccessful child cannot be redriven now, empty when it can: only a redrive of the
     * parent redrives a Map Run, so its children are redrivable while the Map Run is closed
     * unsuccessfully and the parent is redrivable ("Redriving Map Runs", redrive eligibility).
     */
    private Optional<String> notRedrivable(Instant now) {
        if (status.equals("RUNNING")) {
            return Optional.of("Map Run is RUNNING and cannot be redriven."); // our wording
        }
        if (status.equals("SUCCEEDED")) {
            return Optional.of("Map Run is SUCCEEDED and cannot be redriven."); // our wording
        }
        return parent.notRedrivableReason(now);
    }

    synchronized MapRunInfo info(Instant now) {
        boolean redrivable = notRedrivable(now).isEmpty();
        boolean closed = !status.equals("RUNNING");
        Counter items = new Counter();
        Counter executions = new Counter();
        for (int i = 0; i < children.length; i++) {
            MapRunChild c = children[i];
            ExecutionStatus st = c != null ? c.status : unstartedAborted ? ExecutionStatus.ABORTED : null;
            boolean awaitingRedrive = c != null && c.awaitingRedrive;
            boolean lostFailure = closed && !redrivable && st != null && st != ExecutionStatus.RUNNING
                    && st != ExecutionStatus.SUCCEEDED;
            items.add(st, itemsPerChild[i], awaitingRedrive, lostFailure);
            executions.add(st, 1, awaitingRedrive, lostFailure);
        }
        return new MapRunInfo(arn, executionArn, stateMachineArn, status, startDate, Optional.ofNullable(stopDate),
                maxConcurrency, toleratedFailurePercentage == null ? 0 : toleratedFailurePercentage,
                toleratedFailureCount == null ? 0 : toleratedFailureCount, items.counts(), executions.counts(),
                redriveCount, Optional.ofNullable(redriveDate));
    }

    /** The child executions started so far, in the order of their items (ListExecutions with mapRunArn). */
    synchronized List<ExecutionInfo> childExecutions(Instant now) {
        List<ExecutionInfo> out = new ArrayList<>();
        for (MapRunChild c : children) {
            if (c != null) {
                out.add(childInfo(c, now));
            }
        }
        return out;
    }

    /** The Map state's label (its {@code Label}, or the generated one): the last segment of the Map Run's state machine ARN. */
    String label() {
        return stateMachineArn.substring(stateMachineArn.lastIndexOf('/') + 1);
    }

    /** The execution whose Distributed Map started this Map Run. */
    ExecutionRun parent() {
        return parent;
    }

    synchronized Optional<ExecutionInfo> childExecution(String childArn, Instant now) {
        for (MapRunChild c : children) {
            if (c != null && c.arn.equals(childArn)) {
                return Optional.of(childInfo(c, now));
            }
        }
        return Optional.empty();
    }

    /** GetExecutionHistory of a child, empty when it is not one of this Map Run's. */
    synchronized Optional<List<HistoryEvent>> childHistory(String childArn) {
        for (MapRunChild c : children) {
            if (c != null && c.arn.equals(childArn)) {
                return Optional.of(c.log.events());
            }
        }
        return Optional.empty();
    }

    private ExecutionInfo childInfo(MapRunChild c, Instant now) {
        Optional<String> reason;
        if (c.status == ExecutionStatus.RUNNING || c.status == ExecutionStatus.SUCCEEDED) {
            reason = Optional.of("Execution is " + c.status + " and cannot be redriven.");
        } else {
            reason = notRedrivable(now);
        }
        return new ExecutionInfo(c.arn, stateMachineArn, c.name, c.status, c.startDate,
                Optional.ofNullable(c.stopDate), c.input, Optional.ofNullable(c.output), Optional.ofNullable(c.error),
                Optional.ofNullable(c.cause), Optional.empty(), Optional.empty(), c.redriveCount,
                Optional.ofNullable(c.redriveDate), Optional.of(reason.isPresent() ? "NOT_REDRIVABLE" : "REDRIVABLE"),
                reason, Optional.of(new ExecutionInfo.MapRunItem(arn, c.items)));
    }

    /** Sums one of DescribeMapRun's count objects. */
    private static final class Counter {
        private long pending;
        private long running;
        private long succeeded;
        private long failed;
        private long timedOut;
        private long aborted;
        private long total;
        private long failuresNotRedrivable;
        private long pendingRedrive;

        void add(ExecutionStatus status, long n, boolean awaitingRedrive, boolean notRedrivable) {
            total += n;
            if (status == null) {
                pending += n;
            } else {
                switch (status) {
                    case RUNNING -> running += n;
                    case SUCCEEDED -> succeeded += n;
                    case FAILED -> failed += n;
                    case TIMED_OUT -> timedOut += n;
                    default -> aborted += n;
                }
            }
            if (awaitingRedrive) {
                pendingRedrive += n;
            } else if (notRedrivable) {
                failuresNotRedrivable += n;
            }
        }

        MapRunInfo.Counts counts() {
            // resultsWritten counts what a ResultWriter wrote; this engine refuses ResultWriter (no S3)
            return new MapRunInfo.Counts(pending, running, succeeded, failed, timedOut, aborted, total, 0,
                    failuresNotRedrivable, pendingRedrive);
        }
    }
}
