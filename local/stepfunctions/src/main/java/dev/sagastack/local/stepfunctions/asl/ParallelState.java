package dev.sagastack.local.stepfunctions.asl;

import java.util.List;

/** A Parallel state: its branches, Retry and Catch. */
public record ParallelState(String name, QueryLanguage queryLanguage, String next, boolean end, Processing io,
                            List<StatesContainer> branches, List<Retrier> retry, List<Catcher> catchers)
        implements State {
    @Override
    public StateType type() {
        return StateType.Parallel;
    }
}
