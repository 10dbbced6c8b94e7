package dev.sagastack.local.stepfunctions.asl;

/**
 * A Wait state: exactly one of {@code seconds} (Seconds, SecondsPath or a JSONata Seconds) and
 * {@code timestamp} (Timestamp, TimestampPath or a JSONata Timestamp) is set.
 */
public record WaitState(String name, QueryLanguage queryLanguage, String next, boolean end, Processing io,
                        Setting<Integer> seconds, Setting<String> timestamp) implements State {
    @Override
    public StateType type() {
        return StateType.Wait;
    }
}
