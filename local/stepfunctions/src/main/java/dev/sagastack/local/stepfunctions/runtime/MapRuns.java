package dev.sagastack.local.stepfunctions.runtime;

import dev.sagastack.local.stepfunctions.ExecutionInfo;
import dev.sagastack.local.stepfunctions.HistoryEvent;
import dev.sagastack.local.stepfunctions.MapRunInfo;
import dev.sagastack.local.stepfunctions.asl.MapState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Map Runs of the Distributed Map states an interpreter runs, found by their ARN and by their
 * child executions' ARNs: started and redriven with their state (on the execution's mailbox),
 * read and updated by API threads (DescribeMapRun, ListMapRuns, UpdateMapRun, ListExecutions with
 * a mapRunArn, DescribeExecution of a child).
 */
public final class MapRuns {
    private final Scheduler scheduler;
    private final HistoryRecorder history;
    private final FanOut fanOut;
    private final Map<String, MapRun> byArn = new ConcurrentHashMap<>();
    /** The Map Run of each child workflow execution, by the child's ARN. */
    private final Map<String, MapRun> childOwners = new ConcurrentHashMap<>();

    MapRuns(Scheduler scheduler, HistoryRecorder history, FanOut fanOut) {
        this.scheduler = scheduler;
        this.history = history;
        this.fanOut = fanOut;
    }

    /** Starts the Map Run of a Distributed Map state (Map Run ARN as "Examining Map Run" shows it). */
    MapRun start(Strand owner, MapState st, Group g, long[] itemsPerChild) {
        ExecutionRun run = owner.run;
        String label = st.label() != null ? st.label() : UUID.randomUUID().toString();
        String mapRunMachine = run.stateMachineArn + "/" + label;
        String arn = run.stateMachineArn.replace(":stateMachine:", ":mapRun:") + "/" + label + ":" + UUID.randomUUID();
        MapRun mr = new MapRun(arn, run, mapRunMachine, owner.stateName, scheduler.now(), itemsPerChild,
                g.maxConcurrency, g.toleratedCount, g.toleratedPercentage);
        mr.group = g;
        byArn.put(arn, mr);
        run.mapRuns.add(mr);
        return mr;
    }

    /** Starts the child workflow execution of item (or batch) {@code index} of a Map Run. */
    void childStarted(MapRun mr, int index) {
        childOwners.put(mr.childStarted(index, scheduler.now()), mr);
    }

    /** DescribeMapRun. */
    public Optional<MapRunInfo> describe(String mapRunArn) {
        MapRun mr = byArn.get(mapRunArn);
        return mr == null ? Optional.empty() : Optional.of(mr.info(scheduler.now()));
    }

    /** ListMapRuns: the execution's Map Runs, newest first. */
    public List<MapRunInfo> list(ExecutionRun run) {
        List<MapRunInfo> out = new ArrayList<>();
        for (MapRun mr : run.mapRuns) {
            out.add(0, mr.info(scheduler.now()));
        }
        return out;
    }

    /** ListExecutions with a mapRunArn: the Map Run's child workflow executions; empty when no such Map Run. */
    public Optional<List<ExecutionInfo>> childExecutions(String mapRunArn) {
        MapRun mr = byArn.get(mapRunArn);
        return mr == null ? Optional.empty() : Optional.of(mr.childExecutions(scheduler.now()));
    }

    /** GetExecutionHistory of a child workflow execution of a Map Run. */
    public Optional<List<HistoryEvent>> childHistory(String executionArn) {
        MapRun mr = childOwners.get(executionArn);
        return mr == null ? Optional.empty() : mr.childHistory(executionArn);
    }

    /** DescribeExecution of a child workflow execution of a Map Run. */
    public Optional<ExecutionInfo> childExecution(String executionArn) {
        MapRun mr = childOwners.get(executionArn);
        return mr == null ? Optional.empty() : mr.childExecution(executionArn, scheduler.now());
    }

    /** The Map Run that started a child workflow execution: its ARN, its Map state's label, the parent execution. */
    public record ChildOrigin(String mapRunArn, String label, ExecutionRun parent) {
    }

    /** Where a child workflow execution of a Map Run comes from; empty when the ARN is no Map Run's child. */
    public Optional<ChildOrigin> origin(String executionArn) {
        MapRun mr = childOwners.get(executionArn);
        return mr == null ? Optional.empty() : Optional.of(new ChildOrigin(mr.arn, mr.label(), mr.parent()));
    }

    /** Drops the Map Runs (and their children) of an execution the engine no longer keeps. */
    public void forget(ExecutionRun run) {
        for (MapRun mr : run.mapRuns) {
            byArn.remove(mr.arn);
            childOwners.values().removeIf(owner -> owner == mr);
        }
    }

    /**
     * UpdateMapRun: the new MaxConcurrency and tolerated failures apply to the items not yet
     * started and to the failures still to come. False when there is no such Map Run.
     */
    public boolean update(String mapRunArn, Integer maxConcurrency, Integer toleratedFailureCount,
                                Double toleratedFailurePercentage) {
        MapRun mr = byArn.get(mapRunArn);
        if (mr == null) {
            return false;
        }
        mr.update(maxConcurrency, toleratedFailureCount, toleratedFailurePercentage);
        ExecutionRun run = executionOf(mr);
        if (run != null) {
            run.post(() -> {
                Group g = mr.group;
                if (g == null || g.closed) {
                    return;
                }
                g.maxConcurrency = mr.maxConcurrency();
                g.toleratedCount = mr.toleratedFailureCount();
                g.toleratedPercentage = mr.toleratedFailurePercentage();
                fanOut.startMore(g);
            });
        }
        return true;
    }

    private static ExecutionRun executionOf(MapRun mr) {
        Group g = mr.group;
        return g == null ? null : g.owner.run;
    }

    /**
     * The Map Run of a redriven Distributed Map state is redriven with it: it runs the items that did
     * not succeed again and records MapRunRedriven ("Redriving Map Runs").
     */
    void redriven(Strand owner, Group g) {
        MapRun mr = null;
        for (MapRun candidate : owner.run.mapRuns) {
            if (candidate.stateName.equals(owner.stateName)) {
                mr = candidate;
            }
        }
        if (mr == null) {
            return;
        }
        mr.redriven(scheduler.now(), g);
        g.mapRun = mr;
        history.mapRunRedriven(owner, mr.arn, mr.redriveCount());
    }

    /** The redrive of a Map Run's group restarts a child: its own (unsuccessful) one, or a new one. */
    void childRedriven(Group g, Strand child) {
        if (g.mapRun == null) {
            return;
        }
        String started = g.mapRun.childRedriven(child.index, scheduler.now());
        if (started != null) {
            childOwners.put(started, g.mapRun);
        }
    }
}
