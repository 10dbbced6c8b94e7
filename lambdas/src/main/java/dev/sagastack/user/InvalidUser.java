package dev.sagastack.user;

import dev.sagastack.errors.Refusal;

import java.util.Optional;

/** Input that can never make a valid user (API: 400). */
public final class InvalidUser extends Refusal {
    public InvalidUser(String message) {
        super(Kind.INVALID, message);
    }

    @Override
    public Optional<String> field() {
        return Optional.of(getMessage() != null && getMessage().contains("displayName") ? "displayName" : "email");
    }
}
