package dev.sagastack.local.stepfunctions.asl;

/** A Fail state: its Error and Cause in any of their forms (null when absent). It has no input or output processing. */
public record FailState(String name, QueryLanguage queryLanguage, Setting<String> error, Setting<String> cause)
        implements State {
    @Override
    public StateType type() {
        return StateType.Fail;
    }

    @Override
    public Processing io() {
        return Processing.NONE;
    }
}
