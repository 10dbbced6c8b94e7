package dev.sagastack.user;

import java.time.Instant;

/** A user profile; {@code email} is always in its normalised form. */
public record User(String userId, String email, String displayName, Instant createdAt, Instant updatedAt) {
}
