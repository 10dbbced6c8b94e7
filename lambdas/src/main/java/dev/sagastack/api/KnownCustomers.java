package dev.sagastack.api;

import dev.sagastack.cache.ContainerCache;

import java.util.Map;
import java.util.Optional;

/**
 * What one container has already learned about customers and cannot change: that a user exists (users are
 * never deleted) and which user owns an account in which currency (both fixed when the account is opened).
 * An order from a returning customer then needs neither the user read nor the account's event load.
 * Least recently used entries go beyond {@value #CAPACITY} per kind, so a long-lived container stays small.
 */
final class KnownCustomers {

    static final int CAPACITY = 10_000;

    /** The immutable facts of an account. */
    record AccountIdentity(String ownerId, String currency) {
    }

    private final Map<String, Boolean> users = ContainerCache.lru(CAPACITY);
    private final Map<String, AccountIdentity> accounts = ContainerCache.lru(CAPACITY);

    boolean userExists(String userId) {
        return users.containsKey(userId);
    }

    void userSeen(String userId) {
        users.put(userId, Boolean.TRUE);
    }

    Optional<AccountIdentity> account(String accountId) {
        return Optional.ofNullable(accounts.get(accountId));
    }

    void accountSeen(String accountId, AccountIdentity identity) {
        accounts.put(accountId, identity);
    }
}
