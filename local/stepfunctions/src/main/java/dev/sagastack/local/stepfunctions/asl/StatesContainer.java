package dev.sagastack.local.stepfunctions.asl;

import java.util.Map;

/**
 * A StartAt + States block: the whole machine, a Parallel branch, or a Map's ItemProcessor.
 * {@code path} identifies it inside the definition (used by checkpoints).
 */
public final class StatesContainer {
    private final String path;
    private final String startAt;
    private final Map<String, State> states;

    public StatesContainer(String path, String startAt, Map<String, State> states) {
        this.path = path;
        this.startAt = startAt;
        this.states = states;
    }

    public String path() {
        return path;
    }

    public String startAt() {
        return startAt;
    }

    public Map<String, State> states() {
        return states;
    }

    public State state(String name) {
        return states.get(name);
    }
}
