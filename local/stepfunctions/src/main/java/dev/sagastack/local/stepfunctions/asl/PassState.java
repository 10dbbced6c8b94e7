package dev.sagastack.local.stepfunctions.asl;

/** A Pass state; {@code result} is its static Result (a JSON value), or null. */
public record PassState(String name, QueryLanguage queryLanguage, String next, boolean end, Processing io,
                        Object result) implements State {
    @Override
    public StateType type() {
        return StateType.Pass;
    }
}
