package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.MapRunInfo;

import java.time.Instant;
import java.util.Optional;

/**
 * The Map Run of one Distributed Map state run: its settings (which UpdateMapRun changes) and item
 * counts. Changed on the execution's mailbox, read by API threads, hence synchronized.
 */
final class MapRun {
    final String arn;
    final String executionArn;
    final String stateMachineArn;
    final String stateName;
    private final Instant startDate;
    private Instant stopDate;
    private String status = "RUNNING";
    private int maxConcurrency;
    private Integer toleratedFailureCount;
    private Double toleratedFailurePercentage;
    private final long total;
    private long pending;
    private long running;
    private long succeeded;
    private long failed;
    private long aborted;
    private int redriveCount;
    private Instant redriveDate;
    /** The fan-out running its items now (null once it ended). */
    Group group;

    MapRun(String arn, String executionArn, String stateMachineArn, String stateName, Instant startDate, long total,
           int maxConcurrency, Integer toleratedFailureCount, Double toleratedFailurePercentage) {
        this.arn = arn;
        this.executionArn = executionArn;
        this.stateMachineArn = stateMachineArn;
        this.stateName = stateName;
        this.startDate = startDate;
        this.total = total;
        this.pending = total;
        this.maxConcurrency = maxConcurrency;
        this.toleratedFailureCount = toleratedFailureCount;
        this.toleratedFailurePercentage = toleratedFailurePercentage;
    }

    synchronized void itemStarted() {
        pending--;
        running++;
    }

    synchronized void itemSucceeded() {
        running--;
        succeeded++;
    }

    synchronized void itemFailed() {
        running--;
        failed++;
    }

    synchronized void ended(String endStatus, Instant at) {
        if (!endStatus.equals("SUCCEEDED")) {
            aborted += running + pending;
            running = 0;
            pending = 0;
        }
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
        pending = total - succeeded;
        running = 0;
        failed = 0;
        aborted = 0;
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

    synchronized MapRunInfo info() {
        MapRunInfo.Counts counts = new MapRunInfo.Counts(pending, running, succeeded, failed, 0, aborted, total, 0,
                0, 0);
        return new MapRunInfo(arn, executionArn, stateMachineArn, status, startDate, Optional.ofNullable(stopDate),
                maxConcurrency, toleratedFailurePercentage == null ? 0 : toleratedFailurePercentage,
                toleratedFailureCount == null ? 0 : toleratedFailureCount, counts, redriveCount,
                Optional.ofNullable(redriveDate));
    }
}
