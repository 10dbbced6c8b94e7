package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.ExecutionStatus;
import dev.sagastack.local.stepfunctions.HistoryEvent;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The history of a Map Run's child execution. Its states run inside the parent execution, so their
 * events are in the parent's history, chained (previousEventId) from the iteration's
 * MapIterationStarted event; the child's history is that chain, numbered from 1, between the
 * ExecutionStarted and end events a child execution records (Developer Guide "Examining Map Run":
 * each child is an execution with its own history).
 */
final class ChildHistory {
    private ChildHistory() {
    }

    /** {@code child} is a copy taken under its Map Run's lock. */
    static List<HistoryEvent> of(ExecutionRun parent, String mapStateName, MapRunChild child) {
        List<HistoryEvent> out = new ArrayList<>();
        out.add(new HistoryEvent(1, 0, child.startDate, "ExecutionStarted", "executionStartedEventDetails",
                Json.obj("input", Json.parse(child.input), "roleArn", parent.roleArn)));
        Map<Long, Long> renumbered = new HashMap<>();
        Set<Long> chain = new HashSet<>();
        long start = child.firstEventId;
        if (start > 0) {
            chain.add(start);
            renumbered.put(start, 1L);
            for (HistoryEvent e : parent.history()) {
                if (e.id() <= start || !chain.contains(e.previousEventId()) || endsIteration(e, mapStateName)
                        || e.type().startsWith("Execution")) {
                    continue;
                }
                chain.add(e.id());
                long id = out.size() + 1L;
                renumbered.put(e.id(), id);
                out.add(new HistoryEvent(id, renumbered.get(e.previousEventId()), e.timestamp(), e.type(),
                        e.detailsName(), e.rawDetails()));
            }
        }
        long last = out.size();
        long id = last + 1;
        switch (child.status) {
            case SUCCEEDED -> out.add(new HistoryEvent(id, last, child.stopDate, "ExecutionSucceeded",
                    "executionSucceededEventDetails", Json.obj("output", Json.parse(child.output))));
            case FAILED -> out.add(new HistoryEvent(id, last, child.stopDate, "ExecutionFailed",
                    "executionFailedEventDetails", Json.obj("error", child.error, "cause", child.cause)));
            case ABORTED -> out.add(new HistoryEvent(id, last, child.stopDate, "ExecutionAborted", null, null));
            default -> {
                // still running: no end event yet
            }
        }
        return out;
    }

    /** The parent's MapIteration* events of the Map Run's own state close the child's chain. */
    private static boolean endsIteration(HistoryEvent e, String mapStateName) {
        return e.type().startsWith("MapIteration") && e.rawDetails() != null
                && mapStateName.equals(e.rawDetails().get("name"));
    }
}
