package dev.sagastack.local.stepfunctions.expr;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scope of workflow variables. The top-level states share one scope; each Parallel branch and
 * inline Map iteration gets a child scope that can read (but not change) the scopes around it.
 */
public final class Variables {
    private final Variables parent;
    private final Map<String, Object> values;

    public Variables(Variables parent) {
        this(parent, new LinkedHashMap<>());
    }

    public Variables(Variables parent, Map<String, Object> values) {
        this.parent = parent;
        this.values = values;
    }

    public Variables parent() {
        return parent;
    }

    /** The variable's value, or null when no scope in reach defines it. */
    public Object get(String name) {
        for (Variables v = this; v != null; v = v.parent) {
            Object o = v.values.get(name);
            if (o != null) {
                return o;
            }
        }
        return null;
    }

    public void putAll(Map<String, Object> assigned) {
        values.putAll(assigned);
    }

    /** This scope's own values (for checkpoints). */
    public Map<String, Object> own() {
        return values;
    }
}
