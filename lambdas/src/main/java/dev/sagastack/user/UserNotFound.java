package dev.sagastack.user;

/** No user with this id (API: 404). */
public final class UserNotFound extends RuntimeException {
    public UserNotFound(String userId) {
        super("user not found: " + userId);
    }
}
