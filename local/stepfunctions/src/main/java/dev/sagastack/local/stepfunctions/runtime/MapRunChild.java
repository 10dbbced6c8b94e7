package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.ExecutionStatus;

import java.time.Instant;

/**
 * One child workflow execution of a Map Run: the run of one item (or one batch of items) of a
 * Distributed Map state. Its ARN is the Map Run's state machine ARN with the execution's name
 * ("Examining Map Run": {@code arn:aws:states:REGION:ACCOUNT:execution:STATEMACHINE/LABEL:NAME}).
 * Changed and read only under its Map Run's lock.
 */
final class MapRunChild {
    final String arn;
    final String name;
    final long items;
    final Instant startDate;
    ExecutionStatus status = ExecutionStatus.RUNNING;
    Instant stopDate;
    String input = "null";
    String output;
    String error;
    String cause;
    int redriveCount;
    Instant redriveDate;
    /** The child's own history. */
    final ChildLog log = new ChildLog();
    /** Unsuccessful, in a Map Run that was redriven, and not restarted yet. */
    boolean awaitingRedrive;

    MapRunChild(String arn, String name, long items, Instant startDate) {
        this.arn = arn;
        this.name = name;
        this.items = items;
        this.startDate = startDate;
    }

    boolean unsuccessful() {
        return status == ExecutionStatus.FAILED || status == ExecutionStatus.ABORTED
                || status == ExecutionStatus.TIMED_OUT;
    }

    void close(ExecutionStatus end, Instant at) {
        status = end;
        stopDate = at;
    }

    /** A redriven Standard child keeps its ARN and counts the redrive, as RedriveExecution does. */
    void redrive(Instant at) {
        redriveCount++;
        redriveDate = at;
        status = ExecutionStatus.RUNNING;
        stopDate = null;
        output = null;
        error = null;
        cause = null;
        awaitingRedrive = false;
    }
}
