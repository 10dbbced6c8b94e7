package dev.sagastack.local.stepfunctions.asl;

/** State types, spelled as in ASL; {@link #historyPrefix()} gives the history event prefix. */
public enum StateType {
    Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map;

    public String historyPrefix() {
        return name();
    }
}
