package dev.sagastack.local.stepfunctions.asl;

/** A Succeed state. */
public record SucceedState(String name, QueryLanguage queryLanguage, Processing io) implements State {
    @Override
    public StateType type() {
        return StateType.Succeed;
    }
}
