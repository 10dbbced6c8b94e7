package dev.sagastack.user;

/** Another user already has this email (API: 409). */
public final class DuplicateEmail extends RuntimeException {

    private final String email;

    public DuplicateEmail(String email) {
        super("email already in use: " + email);
        this.email = email;
    }

    public String email() {
        return email;
    }
}
