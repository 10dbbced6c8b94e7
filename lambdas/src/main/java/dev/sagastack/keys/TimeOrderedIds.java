package dev.sagastack.keys;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * ULID-shaped identifiers: 26 Crockford base32 characters, the first 10 encoding the creation
 * time in milliseconds, the rest 80 random bits. They sort by creation time as strings, which is
 * what sort keys need.
 */
public final class TimeOrderedIds {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final Pattern SHAPE = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

    private final Clock clock;

    public TimeOrderedIds(Clock clock) {
        this.clock = clock;
    }

    public static TimeOrderedIds systemUtc() {
        return new TimeOrderedIds(Clock.systemUTC());
    }

    public String next() {
        long time = clock.millis();
        byte[] random = new byte[10];
        Random.SOURCE.nextBytes(random);
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits -> 16 characters of 5 bits each
        long high = 0;
        for (int i = 0; i < 5; i++) {
            high = (high << 8) | (random[i] & 0xff);
        }
        long low = 0;
        for (int i = 5; i < 10; i++) {
            low = (low << 8) | (random[i] & 0xff);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (high & 31)];
            high >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low >>>= 5;
        }
        return new String(out);
    }

    /** The creation time encoded in the first 10 characters. */
    public static java.time.Instant timeOf(String id) {
        if (!isTimeOrderedId(id)) {
            throw new IllegalArgumentException("not a time-ordered id: " + id);
        }
        long time = 0;
        for (int i = 0; i < 10; i++) {
            time = (time << 5) | new String(ALPHABET).indexOf(id.charAt(i));
        }
        return java.time.Instant.ofEpochMilli(time);
    }

    public static boolean isTimeOrderedId(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    /** Seeded at the first id, not when a repository that may make one is wired (a read-only request makes none). */
    private static final class Random {
        static final SecureRandom SOURCE = new SecureRandom();
    }
}
