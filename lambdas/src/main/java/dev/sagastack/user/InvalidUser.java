package dev.sagastack.user;

/** Input that can never make a valid user (API: 400). */
public final class InvalidUser extends RuntimeException {
    public InvalidUser(String message) {
        super(message);
    }
}
