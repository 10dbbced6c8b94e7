package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.HistoryEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The history of one child workflow execution of a Map Run: its own events, numbered from 1 and
 * chained by previousEventId, apart from the parent's (Developer Guide "Examining Map Run": each
 * child is an execution with its own history; "Using Map state in Distributed mode"). Appended on
 * the parent's mailbox, read by API threads, hence synchronized.
 */
final class ChildLog {
    private final List<HistoryEvent> events = new ArrayList<>();

    synchronized HistoryEvent append(long previous, Instant at, String type, String detailsName,
                                     Map<String, Object> details) {
        HistoryEvent e = new HistoryEvent(events.size() + 1L, previous, at, type, detailsName, details);
        events.add(e);
        return e;
    }

    synchronized long lastEventId() {
        return events.size();
    }

    synchronized boolean isEmpty() {
        return events.isEmpty();
    }

    /** A copy of the events so far (GetExecutionHistory of the child). */
    synchronized List<HistoryEvent> events() {
        return new ArrayList<>(events);
    }
}
