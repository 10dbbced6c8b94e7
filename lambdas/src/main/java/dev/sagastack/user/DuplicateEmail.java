package dev.sagastack.user;

import dev.sagastack.errors.Refusal;

import java.util.Optional;

/** Another user already has this email (API: 409). */
public final class DuplicateEmail extends Refusal {

    private final String email;

    public DuplicateEmail(String email) {
        super(Kind.CONFLICT, "email already in use: " + email);
        this.email = email;
    }

    public String email() {
        return email;
    }

    @Override
    public Optional<String> field() {
        return Optional.of("email");
    }
}
