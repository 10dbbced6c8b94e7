package dev.sagastack.ordering;

import dev.sagastack.errors.Refusal;

/** The order's saga was already started with another input: the same order id for a different request. */
public final class ExecutionConflict extends Refusal {

    private static final long serialVersionUID = 1L;

    public ExecutionConflict(String message) {
        super(Kind.CONFLICT, message);
    }
}
