package dev.sagastack.account;

import dev.sagastack.account.internal.EventSourcedAccountService;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.eventstore.StoredEvent;
import dev.sagastack.pagination.Page;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.pagination.PageRequest;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Event-sourced bank accounts. Every command carries a command id: a retried command appends
 * nothing and returns its first receipt. Commands reload and retry on concurrency conflicts up to
 * a bound, then fail with {@link AccountBusy}.
 */
public interface AccountService {

    /** Aggregate type in the event store: streams are {@code AGG#Account#<accountId>}. */
    String AGGREGATE_TYPE = "Account";

    static AccountService create(EventStore store, AccountSettings settings, Clock clock) {
        return new EventSourcedAccountService(store, settings, clock);
    }

    /** @throws AccountAlreadyExists, InvalidAmount (bad currency) */
    Receipt open(String accountId, String ownerId, String currency, String commandId);

    /** @throws InvalidAmount, AccountClosed, AccountNotFound */
    Receipt deposit(String accountId, Money amount, String commandId);

    /** @throws InvalidAmount, InsufficientFunds, AccountClosed, AccountNotFound */
    Receipt withdraw(String accountId, Money amount, String commandId);

    /**
     * Deposits back {@code amount}, only if the account recorded command {@code withdrawalCommandId} as a
     * withdrawal of exactly that amount; checked inside the append, so it costs what a deposit costs.
     *
     * @throws WithdrawalNotRecorded (nothing changed), InvalidAmount, AccountClosed, AccountNotFound
     */
    Receipt reverseWithdrawal(String accountId, String withdrawalCommandId, Money amount, String commandId);

    /** @throws BalanceNotZero, AccountClosed, AccountNotFound */
    Receipt close(String accountId, String commandId);

    /** Current state from the event store (snapshot + later events): strongly consistent. */
    Optional<Account> load(String accountId);

    /** State by replaying every event from version 1, ignoring snapshots (for checks and rebuilds). */
    Optional<Account> replay(String accountId);

    /** Events of the account from {@code fromVersion}, in order. */
    List<StoredEvent> events(String accountId, long fromVersion, int limit);

    /**
     * A page of the account's events in order, behind an opaque signed cursor.
     *
     * @throws dev.sagastack.pagination.InvalidCursor for a cursor not issued for this account's events
     */
    Page<StoredEvent> events(String accountId, PageRequest page, PageCursors cursors);
}
