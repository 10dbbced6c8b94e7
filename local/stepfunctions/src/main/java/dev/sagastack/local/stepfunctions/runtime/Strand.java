package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.asl.State;
import dev.sagastack.local.stepfunctions.asl.StatesContainer;
import dev.sagastack.local.stepfunctions.expr.Variables;

import java.time.Instant;
import java.util.Map;

/**
 * One thread of control inside an execution: the top level, a Parallel branch or a Map iteration.
 * It is in exactly one state at a time; asynchronous callbacks carry {@link #waitId} so that a late
 * answer for an abandoned wait (timed out, retried, aborted) is ignored.
 */
final class Strand {
    final ExecutionRun run;
    final StatesContainer container;
    final Group group;
    final int index;
    final Variables vars;
    final Map<String, Object> mapItem;

    /** The history this strand writes to when it runs in a Map Run's child execution; null: the execution's. */
    ChildLog log;
    String stateName;
    State state;
    Object input;
    Instant enteredTime;
    long enteredEventId;
    long lastEventId;
    int[] retryCounts;
    int retryCount;
    long waitId;
    boolean finished;
    boolean aborted;

    // what the strand waits for (for stops, timeouts and checkpoints)
    Waiting waiting = Waiting.NONE;
    Instant wakeAt;
    String taskToken;
    Object taskParameters;
    boolean heartbeatTimeout;
    Scheduler.Timer timer;
    Scheduler.Timer timeoutTimer;
    Scheduler.Timer heartbeatTimer;
    Integer heartbeatSeconds;
    /** Bumped by each heartbeat, so a superseded heartbeat timer does nothing. */
    long heartbeatGeneration;
    Group children;
    /** The Parallel/Map group whose failure ended this strand's state: kept so a redrive reruns only its failed part. */
    Group failedGroup;
    /** A SendTask* answer that arrived before the call handing out the token returned. */
    Runnable earlyTokenAnswer;

    enum Waiting { NONE, WAIT_STATE, RETRY, TASK, TOKEN, CHILDREN, RESULT_DELAY }

    Strand(ExecutionRun run, StatesContainer container, Group group, int index, Variables vars,
           Map<String, Object> mapItem, long lastEventId) {
        this.run = run;
        this.container = container;
        this.group = group;
        this.index = index;
        this.vars = vars;
        this.mapItem = mapItem;
        this.lastEventId = lastEventId;
    }

    void cancelTimers() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (timeoutTimer != null) {
            timeoutTimer.cancel();
            timeoutTimer = null;
        }
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel();
            heartbeatTimer = null;
        }
    }
}
