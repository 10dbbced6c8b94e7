package dev.sagastack.handlers.saga;

import dev.sagastack.errors.Refusal;

/** A step's payload is malformed or a field breaks its rule; the message names the field. */
final class InvalidPayload extends Refusal {

    private static final long serialVersionUID = 1L;

    InvalidPayload(String message) {
        super(Kind.INVALID, message);
    }

    InvalidPayload(String message, Throwable cause) {
        super(Kind.INVALID, message, cause);
    }
}
