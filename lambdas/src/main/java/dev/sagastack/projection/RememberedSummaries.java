package dev.sagastack.projection;

import dev.sagastack.account.Account;
import dev.sagastack.cache.ContainerCache;

import java.util.Map;
import java.util.Optional;

/**
 * Remembers the summaries this container wrote last, so the next batch of the same account folds on
 * from there without reading it again; the write's condition still decides. When another writer moved
 * the summary, the write fails, the remembered copy is dropped and the next read goes to the store.
 */
final class RememberedSummaries implements AccountSummaryStore {

    private final AccountSummaryStore delegate;
    private final Map<String, Account> written;

    RememberedSummaries(AccountSummaryStore delegate, int capacity) {
        this.delegate = delegate;
        this.written = ContainerCache.lru(capacity);
    }

    @Override
    public Optional<Account> read(String accountId) {
        Account known = written.get(accountId);
        return known != null ? Optional.of(known) : delegate.read(accountId);
    }

    @Override
    public void write(Account state, long baseVersion) {
        try {
            delegate.write(state, baseVersion);
            written.put(state.accountId(), state);
        } catch (RuntimeException e) {
            written.remove(state.accountId());
            throw e;
        }
    }

    @Override
    public void forget(String accountId) {
        written.remove(accountId);
    }
}
