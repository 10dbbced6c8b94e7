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
    /** The parent's MapIterationStarted event this child's events chain from (0 until recorded). */
    long firstEventId;
    /** Unsuccessful, in a Map Run that was redriven, and not restarted yet. */
    boolean awaitingRedrive;

    MapRunChild(String arn, String name, long items, Instant startDate) {
        this.arn = arn;
        this.name = name;
        this.items = items;
        this.startDate = startDate;
    }

    /** A copy to read outside the Map Run's lock. */
    MapRunChild copy() {
        MapRunChild c = new MapRunChild(arn, name, items, startDate);
        c.status = status;
        c.stopDate = stopDate;
        c.input = input;
        c.output = output;
        c.error = error;
        c.cause = cause;
        c.redriveCount = redriveCount;
        c.redriveDate = redriveDate;
        c.firstEventId = firstEventId;
        c.awaitingRedrive = awaitingRedrive;
        return c;
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
