package dev.sagastack.ordering;

import dev.sagastack.errors.Refusal;

import java.util.Optional;

/** The order's user or account does not exist, or they do not belong together; nothing was written. */
public final class InvalidCustomer extends Refusal {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidCustomer(String field, String message) {
        super(Kind.INVALID, message);
        this.field = field;
    }

    @Override
    public Optional<String> field() {
        return Optional.of(field);
    }
}
