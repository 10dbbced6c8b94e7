package dev.sagastack.account;



/**
 * @param snapshotEvery      a snapshot is stored once this many events accumulated since the last one
 * @param maxAttempts        attempts per command when other writers keep winning the version race
 * @param rememberedAccounts accounts whose state (as of the version this container last appended) a
 *                           service keeps for its next command, which then appends without loading first;
 *                           the append's version condition proves the state current or refuses it (0: off)
 */
public record AccountSettings(int snapshotEvery, int maxAttempts, int rememberedAccounts) {

    /**
     * A load reads the head and up to this many events in one Query page (the events since the snapshot the
     * head carries are among them), so the interval is also the size of every account load. Every event: the
     * head always carries the current state (a few hundred bytes more in a write that updates the head anyway),
     * a load reads two items, and a refused append returns the current state with its refusal.
     */
    public static final int DEFAULT_SNAPSHOT_EVERY = 1;
    public static final int DEFAULT_MAX_ATTEMPTS = 8;
    public static final int DEFAULT_REMEMBERED_ACCOUNTS = 1_000;

    public AccountSettings(int snapshotEvery, int maxAttempts) {
        this(snapshotEvery, maxAttempts, DEFAULT_REMEMBERED_ACCOUNTS);
    }

    public AccountSettings {
        if (snapshotEvery < 1 || snapshotEvery > 1000) {
            throw new IllegalArgumentException("snapshotEvery must be 1..1000, was " + snapshotEvery);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be positive");
        }
        if (rememberedAccounts < 0) {
            throw new IllegalArgumentException("rememberedAccounts must not be negative");
        }
    }

    public static AccountSettings defaults() {
        return new AccountSettings(DEFAULT_SNAPSHOT_EVERY, DEFAULT_MAX_ATTEMPTS);
    }
}
