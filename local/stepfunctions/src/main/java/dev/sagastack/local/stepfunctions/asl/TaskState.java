package dev.sagastack.local.stepfunctions.asl;

import java.util.List;

/**
 * A Task state: its Resource (as written and classified), TimeoutSeconds and HeartbeatSeconds in
 * any of their forms (null when absent), Retry and Catch.
 */
public record TaskState(String name, QueryLanguage queryLanguage, String next, boolean end, Processing io,
                        String resource, TaskResource taskResource, Setting<Integer> timeoutSeconds,
                        Setting<Integer> heartbeatSeconds, List<Retrier> retry, List<Catcher> catchers) implements State {
    @Override
    public StateType type() {
        return StateType.Task;
    }
}
