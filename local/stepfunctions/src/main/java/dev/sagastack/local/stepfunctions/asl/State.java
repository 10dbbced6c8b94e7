package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PayloadTemplate;

import java.util.List;

/**
 * One state of a definition, compiled: one immutable record per state type. What every type has
 * (name, query language, input and output processing) is declared here; a type without Next/End,
 * Retry or Catch answers with their absence.
 */
public sealed interface State permits TaskState, PassState, ChoiceState, WaitState, SucceedState, FailState,
        ParallelState, MapState {
    String name();

    StateType type();

    QueryLanguage queryLanguage();

    Processing io();

    /** The Next state, or null (End, or a type that has no Next). */
    default String next() {
        return null;
    }

    default boolean end() {
        return false;
    }

    default List<Retrier> retry() {
        return List.of();
    }

    default List<Catcher> catchers() {
        return List.of();
    }

    default boolean isJsonata() {
        return queryLanguage() == QueryLanguage.JSONata;
    }

    default PathField inputPath() {
        return io().inputPath();
    }

    default PathField outputPath() {
        return io().outputPath();
    }

    default PathField resultPath() {
        return io().resultPath();
    }

    default PayloadTemplate parameters() {
        return io().parameters();
    }

    default PayloadTemplate resultSelector() {
        return io().resultSelector();
    }

    default PayloadTemplate assignPath() {
        return io().assignPath();
    }

    default JsonataTemplate arguments() {
        return io().arguments();
    }

    default JsonataTemplate output() {
        return io().output();
    }

    default JsonataTemplate assignJsonata() {
        return io().assignJsonata();
    }
}
