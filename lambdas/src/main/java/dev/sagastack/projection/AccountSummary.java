package dev.sagastack.projection;

import dev.sagastack.account.AccountStatus;

import java.time.Instant;

/**
 * The read model of an account, built from its events: eventually consistent with the event store.
 *
 * @param lastAppliedVersion the version of the last event folded into this summary
 */
public record AccountSummary(String accountId, String ownerId, String currency, long balance, AccountStatus status,
                             long lastAppliedVersion, Instant updatedAt) {
}
