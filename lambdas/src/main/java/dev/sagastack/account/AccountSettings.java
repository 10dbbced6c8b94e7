package dev.sagastack.account;

import dev.sagastack.config.EnvironmentVariables;

import java.util.Map;

/**
 * @param snapshotEvery a snapshot is stored once this many events accumulated since the last one
 * @param maxAttempts   attempts per command when other writers keep winning the version race
 */
public record AccountSettings(int snapshotEvery, int maxAttempts) {

    /**
     * A load reads the head and up to this many events in one Query page (the events since the snapshot the
     * head carries are among them), so the interval is also the size of every account load.
     */
    public static final int DEFAULT_SNAPSHOT_EVERY = 10;
    public static final int DEFAULT_MAX_ATTEMPTS = 8;

    public AccountSettings {
        if (snapshotEvery < 1 || snapshotEvery > 1000) {
            throw new IllegalArgumentException("snapshotEvery must be 1..1000, was " + snapshotEvery);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be positive");
        }
    }

    public static AccountSettings defaults() {
        return new AccountSettings(DEFAULT_SNAPSHOT_EVERY, DEFAULT_MAX_ATTEMPTS);
    }

    public static AccountSettings fromEnvironment(Map<String, String> env) {
        String every = env.get(EnvironmentVariables.SNAPSHOT_EVERY);
        int snapshotEvery;
        try {
            snapshotEvery = every == null || every.isBlank() ? DEFAULT_SNAPSHOT_EVERY : Integer.parseInt(every.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(EnvironmentVariables.SNAPSHOT_EVERY + " is not a number: " + every);
        }
        return new AccountSettings(snapshotEvery, DEFAULT_MAX_ATTEMPTS);
    }
}
