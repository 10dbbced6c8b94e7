package dev.sagastack.local.stepfunctions;

import java.time.Instant;
import java.util.Optional;

/**
 * An execution as DescribeExecution reports it. {@code input} and {@code output} are JSON text.
 * {@code redriveStatus} is REDRIVABLE or NOT_REDRIVABLE (with {@code redriveStatusReason}); it is
 * empty for EXPRESS executions, which cannot be redriven. {@code mapRun} is present for a child
 * workflow execution of a Map Run.
 */
public record ExecutionInfo(String executionArn, String stateMachineArn, String name, ExecutionStatus status,
                            Instant startDate, Optional<Instant> stopDate, String input, Optional<String> output,
                            Optional<String> error, Optional<String> cause, Optional<String> stateMachineVersionArn,
                            Optional<String> stateMachineAliasArn, int redriveCount, Optional<Instant> redriveDate,
                            Optional<String> redriveStatus, Optional<String> redriveStatusReason,
                            Optional<MapRunItem> mapRun) {

    /**
     * The Map Run that started a child workflow execution, and how many items the child processes
     * (ExecutionListItem's mapRunArn and itemCount; DescribeExecution's mapRunArn).
     */
    public record MapRunItem(String mapRunArn, long itemCount) {
    }

    /** An execution that no Map Run started. */
    public ExecutionInfo(String executionArn, String stateMachineArn, String name, ExecutionStatus status,
                         Instant startDate, Optional<Instant> stopDate, String input, Optional<String> output,
                         Optional<String> error, Optional<String> cause, Optional<String> stateMachineVersionArn,
                         Optional<String> stateMachineAliasArn, int redriveCount, Optional<Instant> redriveDate,
                         Optional<String> redriveStatus, Optional<String> redriveStatusReason) {
        this(executionArn, stateMachineArn, name, status, startDate, stopDate, input, output, error, cause,
                stateMachineVersionArn, stateMachineAliasArn, redriveCount, redriveDate, redriveStatus,
                redriveStatusReason, Optional.empty());
    }

    /** An execution of the unqualified state machine that was never redriven. */
    public ExecutionInfo(String executionArn, String stateMachineArn, String name, ExecutionStatus status,
                         Instant startDate, Optional<Instant> stopDate, String input, Optional<String> output,
                         Optional<String> error, Optional<String> cause) {
        this(executionArn, stateMachineArn, name, status, startDate, stopDate, input, output, error, cause,
                Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
