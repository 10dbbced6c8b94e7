package dev.sagastack.local.stepfunctions.asl;

import java.util.List;

/** A Choice state: its rules in order and the Default state (null when there is none). */
public record ChoiceState(String name, QueryLanguage queryLanguage, Processing io, List<Choice> choices,
                          String defaultNext) implements State {
    @Override
    public StateType type() {
        return StateType.Choice;
    }
}
