package dev.sagastack.user;

import dev.sagastack.errors.Refusal;

/** No user with this id (API: 404). */
public final class UserNotFound extends Refusal {
    public UserNotFound(String userId) {
        super(Kind.NOT_FOUND, "user not found: " + userId);
    }
}
