package dev.sagastack.user;

/** What it takes to create a user; the id is assigned by the repository. */
public record NewUser(String email, String displayName) {

    public NewUser {
        Emails.normalise(email);
        if (displayName == null || displayName.isBlank() || displayName.length() > 100) {
            throw new InvalidUser("displayName must be 1-100 characters");
        }
    }
}
