package dev.sagastack.local.stepfunctions.expr;

import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * What an expression can see while a state runs: the state input ({@code $} / {@code $states.input}),
 * the task result and error output (JSONata {@code $states.result} / {@code $states.errorOutput}),
 * the context object ({@code $$} / {@code $states.context}) and the workflow variables in scope.
 */
public final class EvalContext {
    public Object input;
    public Object result;
    public Object errorOutput;
    private Map<String, Object> context;
    private final Supplier<Map<String, Object>> contextSupplier;
    public Variables variables;
    public final String stateName;
    public final long enteredEventId;
    public final Random random;

    public EvalContext(String stateName, long enteredEventId, Object input, Map<String, Object> context,
                       Variables variables, Random random) {
        this(stateName, enteredEventId, input, () -> context, variables, random);
    }

    /** The context object is built only when an expression reads it. */
    public EvalContext(String stateName, long enteredEventId, Object input,
                       Supplier<Map<String, Object>> context, Variables variables, Random random) {
        this.stateName = stateName;
        this.enteredEventId = enteredEventId;
        this.input = input;
        this.contextSupplier = context;
        this.variables = variables;
        this.random = random;
    }

    /** The context object ({@code $$} / {@code $states.context}). */
    public Map<String, Object> context() {
        if (context == null) {
            context = contextSupplier.get();
        }
        return context;
    }

    /** The prefix AWS puts before every runtime error cause raised inside a state. */
    public String errorPrefix() {
        return "An error occurred while executing the state '" + stateName + "' (entered at the event id #"
                + enteredEventId + "). ";
    }
}
