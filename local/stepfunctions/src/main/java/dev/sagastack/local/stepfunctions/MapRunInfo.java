package dev.sagastack.local.stepfunctions;

import java.time.Instant;
import java.util.Optional;

/**
 * A Map Run: one run of a Distributed Map state (DescribeMapRun and ListMapRuns API references).
 * {@code stateMachineArn} is the Map Run's own state machine, the parent's ARN with "/label".
 */
public record MapRunInfo(String mapRunArn, String executionArn, String stateMachineArn, String status,
                         Instant startDate, Optional<Instant> stopDate, int maxConcurrency,
                         double toleratedFailurePercentage, long toleratedFailureCount, Counts itemCounts,
                         Counts executionCounts, int redriveCount, Optional<Instant> redriveDate) {
    /**
     * itemCounts (MapRunItemCounts: items) and executionCounts (MapRunExecutionCounts: child workflow
     * executions, one per item or per batch of an ItemBatcher).
     */
    public record Counts(long pending, long running, long succeeded, long failed, long timedOut, long aborted,
                         long total, long resultsWritten, long failuresNotRedrivable, long pendingRedrive) {
    }
}
