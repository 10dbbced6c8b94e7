package dev.sagastack.forum;

import dev.sagastack.errors.Refusal;

/** Input that can never be valid: empty or oversized title, body, name (API: 400). */
public final class InvalidForumInput extends Refusal {
    public InvalidForumInput(String message) {
        super(Kind.INVALID, message);
    }
}
