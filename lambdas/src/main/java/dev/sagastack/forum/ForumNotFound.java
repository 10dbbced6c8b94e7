package dev.sagastack.forum;

/** The category, topic or post does not exist (API: 404). */
public final class ForumNotFound extends RuntimeException {
    public ForumNotFound(String message) {
        super(message);
    }
}
