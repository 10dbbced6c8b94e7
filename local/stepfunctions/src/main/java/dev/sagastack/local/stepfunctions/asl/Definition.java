package dev.sagastack.local.stepfunctions.asl;

import java.util.Map;

/** A parsed, validated state machine definition. Immutable; shared by all its executions. */
public final class Definition {
    private final String text;
    private final Map<String, Object> json;
    private final StatesContainer root;
    private final QueryLanguage queryLanguage;
    private final Integer timeoutSeconds;
    private final Map<String, StatesContainer> containers;

    public Definition(String text, Map<String, Object> json, StatesContainer root, QueryLanguage queryLanguage,
                      Integer timeoutSeconds, Map<String, StatesContainer> containers) {
        this.text = text;
        this.json = json;
        this.root = root;
        this.queryLanguage = queryLanguage;
        this.timeoutSeconds = timeoutSeconds;
        this.containers = containers;
    }

    public String text() {
        return text;
    }

    public Map<String, Object> json() {
        return json;
    }

    public StatesContainer root() {
        return root;
    }

    public QueryLanguage queryLanguage() {
        return queryLanguage;
    }

    /** The machine-level TimeoutSeconds, or null. */
    public Integer timeoutSeconds() {
        return timeoutSeconds;
    }

    /** Every StatesContainer by its path ("" is the root). */
    public StatesContainer container(String path) {
        return containers.get(path);
    }
}
