package dev.sagastack.forum;

import dev.sagastack.errors.Refusal;

/** The category, topic or post does not exist (API: 404). */
public final class ForumNotFound extends Refusal {
    public ForumNotFound(String message) {
        super(Kind.NOT_FOUND, message);
    }
}
