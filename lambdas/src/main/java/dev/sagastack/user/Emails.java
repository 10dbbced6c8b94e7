package dev.sagastack.user;

import java.util.Locale;
import java.util.regex.Pattern;

/** The one normal form of an email address used for uniqueness: trimmed and lower-cased. */
public final class Emails {

    // deliberately simple: one '@', no whitespace, a dot in the domain; real verification is by mail
    private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    private Emails() {
    }

    public static String normalise(String email) {
        if (email == null) {
            throw new InvalidUser("email is required");
        }
        String normalised = email.trim().toLowerCase(Locale.ROOT);
        if (normalised.length() > 254 || !SHAPE.matcher(normalised).matches()) {
            throw new InvalidUser("email is not a valid address: '" + email + "'");
        }
        return normalised;
    }
}
