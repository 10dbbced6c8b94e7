package dev.sagastack.projection;

import dev.sagastack.account.Account;

import java.util.Optional;

/** Where the projection keeps summaries: a read, and a write conditioned on the version it replaces. */
interface AccountSummaryStore {

    /** Another writer moved the summary since it was read; nothing was written. */
    final class SummaryMoved extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SummaryMoved(String accountId) {
            super("summary of account " + accountId + " moved");
        }
    }

    /** The summary, strongly consistent. */
    Optional<Account> read(String accountId);

    /**
     * Stores {@code state} if the stored summary is still at {@code baseVersion} (0: none yet).
     *
     * @throws SummaryMoved when it is not
     */
    void write(Account state, long baseVersion);

    /** Drops what a decorator remembers of the account (after a failure whose outcome is unknown). */
    default void forget(String accountId) {
    }
}
