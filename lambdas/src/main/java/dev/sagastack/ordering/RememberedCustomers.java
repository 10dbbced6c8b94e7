package dev.sagastack.ordering;

import dev.sagastack.cache.ContainerCache;

import java.util.Map;
import java.util.Optional;

/** {@link Customers#remembered}: least recently used entries go beyond the capacity, per kind. */
final class RememberedCustomers implements Customers {

    static final int CAPACITY = 10_000;

    private final Customers delegate;
    private final Map<String, Boolean> users = ContainerCache.lru(CAPACITY);
    private final Map<String, AccountIdentity> accounts = ContainerCache.lru(CAPACITY);

    RememberedCustomers(Customers delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean userExists(String userId) {
        if (users.containsKey(userId)) {
            return true;
        }
        boolean exists = delegate.userExists(userId);
        if (exists) {
            users.put(userId, Boolean.TRUE);
        }
        return exists;
    }

    @Override
    public Optional<AccountIdentity> account(String accountId) {
        AccountIdentity known = accounts.get(accountId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<AccountIdentity> loaded = delegate.account(accountId);
        loaded.ifPresent(identity -> accounts.put(accountId, identity));
        return loaded;
    }
}
