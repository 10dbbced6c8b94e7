package dev.sagastack.forum;

/** Input that can never be valid: empty or oversized title, body, name (API: 400). */
public final class InvalidForumInput extends RuntimeException {
    public InvalidForumInput(String message) {
        super(message);
    }
}
