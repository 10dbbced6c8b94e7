package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.asl.State;

import java.util.ArrayList;
import java.util.List;

/** The branches of a running Parallel state or the iterations of a running Map state. */
final class Group {
    final Strand owner;
    final State state;
    final boolean map;
    final List<Object> inputs;
    final Object[] results;
    final List<Strand> running = new ArrayList<>();
    /** Branches/iterations that failed or were aborted: what a redrive runs again. */
    final List<Strand> unfinished = new ArrayList<>();
    /** MaxConcurrency and the tolerated failures; UpdateMapRun changes them for a Distributed Map. */
    int maxConcurrency;
    Integer toleratedCount;
    Double toleratedPercentage;
    /** The Map Run when this is a Distributed Map state, else null. */
    MapRun mapRun;
    /** The state's effective input (for ItemSelector) when this is a Map. */
    final Object selectorInput;
    int started;
    int completed;
    int failures;
    boolean closed;

    Group(Strand owner, State state, boolean map, List<Object> inputs, int maxConcurrency, Integer toleratedCount,
          Double toleratedPercentage, Object selectorInput) {
        this.owner = owner;
        this.state = state;
        this.map = map;
        this.inputs = inputs;
        this.results = new Object[inputs.size()];
        this.maxConcurrency = maxConcurrency;
        this.toleratedCount = toleratedCount;
        this.toleratedPercentage = toleratedPercentage;
        this.selectorInput = selectorInput;
    }

    boolean toleratesFailures() {
        return toleratedCount != null || toleratedPercentage != null;
    }

    /** True when the failures so far exceed the tolerated count or percentage. */
    boolean thresholdExceeded() {
        if (!toleratesFailures()) {
            return failures > 0;
        }
        if (toleratedCount != null && failures > toleratedCount) {
            return true;
        }
        return toleratedPercentage != null && inputs.size() > 0
                && failures * 100.0 / inputs.size() > toleratedPercentage;
    }
}
