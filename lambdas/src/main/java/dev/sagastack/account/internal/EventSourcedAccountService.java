package dev.sagastack.account.internal;

import dev.sagastack.account.Account;
import dev.sagastack.account.AccountAlreadyExists;
import dev.sagastack.account.AccountBusy;
import dev.sagastack.account.AccountClosed;
import dev.sagastack.account.AccountEvent;
import dev.sagastack.account.AccountEvents;
import dev.sagastack.account.AccountException;
import dev.sagastack.account.AccountNotFound;
import dev.sagastack.account.AccountService;
import dev.sagastack.account.AccountSettings;
import dev.sagastack.account.AccountStatus;
import dev.sagastack.account.BalanceNotZero;
import dev.sagastack.account.DuplicateCommand;
import dev.sagastack.account.InsufficientFunds;
import dev.sagastack.account.InvalidAmount;
import dev.sagastack.account.Money;
import dev.sagastack.account.Receipt;
import dev.sagastack.account.WithdrawalNotRecorded;
import dev.sagastack.cache.ContainerCache;
import dev.sagastack.eventstore.AppendRequest;
import dev.sagastack.eventstore.AppendResult;
import dev.sagastack.eventstore.CommandConflict;
import dev.sagastack.eventstore.CommandRecord;
import dev.sagastack.eventstore.ConcurrencyConflict;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.eventstore.LoadedStream;
import dev.sagastack.eventstore.PrerequisiteMissing;
import dev.sagastack.eventstore.Snapshot;
import dev.sagastack.eventstore.StoredEvent;
import dev.sagastack.json.RecordJson;
import dev.sagastack.eventstore.StreamId;
import dev.sagastack.keys.Keys;
import dev.sagastack.pagination.Page;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.pagination.PageRequest;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Commands load the account (snapshot + later events), decide, and append with the loaded
 * version as the expected one. A lost race reloads and decides again, up to the configured bound.
 *
 * <p>After a successful append the service remembers the account's new state; its next command on that
 * account appends against it without loading. The append's version condition is what makes this safe: if
 * anything was appended since, the append is refused and changes nothing, and the refusal carries the head
 * (with the current state when the head's snapshot is of the current version), so a stale guess costs no
 * more round trips than a load would have. A rule that fails against remembered state is checked again
 * against stored state before it is reported.
 */
public final class EventSourcedAccountService implements AccountService {

    private final EventStore store;
    private final AccountSettings settings;
    /** What this container last appended per account (null when settings remember none). */
    private final Map<String, Known> remembered;

    public EventSourcedAccountService(EventStore store, AccountSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.remembered = settings.rememberedAccounts() == 0 ? null : ContainerCache.lru(settings.rememberedAccounts());
    }

    /** What a command decided: the events to append. */
    private interface Decision {
        List<AccountEvent> decide(Account current);
    }

    @Override
    public Receipt open(String accountId, String ownerId, String currency, String commandId) {
        Keys.component("ownerId", ownerId);
        String validCurrency = Money.validCurrency(currency);
        return execute(accountId, commandId, "open|" + ownerId + "|" + validCurrency, true, Optional.empty(), current -> {
            if (current != null) {
                throw new AccountAlreadyExists(accountId);
            }
            return List.of(new AccountEvent.AccountOpened(accountId, ownerId, validCurrency));
        });
    }

    @Override
    public Receipt deposit(String accountId, Money amount, String commandId) {
        return execute(accountId, commandId, depositFingerprint(amount), false,
                Optional.empty(), depositOf(amount));
    }

    @Override
    public Receipt reverseWithdrawal(String accountId, String withdrawalCommandId, Money amount, String commandId) {
        Keys.component("withdrawalCommandId", withdrawalCommandId);
        try {
            return execute(accountId, commandId, depositFingerprint(amount), false,
                    Optional.of(new AppendRequest.Prerequisite(withdrawalCommandId, withdrawalFingerprint(amount))),
                    depositOf(amount));
        } catch (PrerequisiteMissing e) {
            throw new WithdrawalNotRecorded(accountId, withdrawalCommandId, amount);
        }
    }

    private static Decision depositOf(Money amount) {
        return current -> {
            requireUsable(current, amount);
            Math.addExact(current.balance(), amount.amount());
            return List.of(new AccountEvent.MoneyDeposited(amount.amount(), amount.currency()));
        };
    }

    /** A deposit's content: a reversal uses the same, so either retried under the same id is a replay. */
    private static String depositFingerprint(Money amount) {
        return "deposit|" + amount.amount() + "|" + amount.currency();
    }

    private static String withdrawalFingerprint(Money amount) {
        return "withdraw|" + amount.amount() + "|" + amount.currency();
    }

    @Override
    public Receipt withdraw(String accountId, Money amount, String commandId) {
        return execute(accountId, commandId, withdrawalFingerprint(amount), false, Optional.empty(), current -> {
            requireUsable(current, amount);
            if (current.balance() < amount.amount()) {
                throw new InsufficientFunds(accountId, current.balance(), amount.amount());
            }
            return List.of(new AccountEvent.MoneyWithdrawn(amount.amount(), amount.currency()));
        });
    }

    @Override
    public Receipt close(String accountId, String commandId) {
        return execute(accountId, commandId, "close", false, Optional.empty(), current -> {
            if (current.status() == AccountStatus.CLOSED) {
                throw new AccountClosed(accountId);
            }
            if (current.balance() != 0) {
                throw new BalanceNotZero(accountId, current.balance());
            }
            return List.of(new AccountEvent.AccountClosed("closed by owner"));
        });
    }

    @Override
    public Optional<Account> load(String accountId) {
        return Optional.ofNullable(state(store.load(stream(accountId), settings.snapshotEvery() + 1)));
    }

    @Override
    public Optional<Account> replay(String accountId) {
        Account state = null;
        long from = 1;
        while (true) {
            List<StoredEvent> events = store.read(stream(accountId), from, 1000);
            for (StoredEvent event : events) {
                state = AccountEvents.apply(state, AccountEvents.decode(event.type(), event.payload()), event.version());
            }
            if (events.size() < 1000) {
                return Optional.ofNullable(state);
            }
            from = events.get(events.size() - 1).version() + 1;
        }
    }

    @Override
    public List<StoredEvent> events(String accountId, long fromVersion, int limit) {
        return store.read(stream(accountId), fromVersion, limit);
    }

    @Override
    public Page<StoredEvent> events(String accountId, PageRequest page, PageCursors cursors) {
        return store.readPage(stream(accountId), page, cursors);
    }

    static StreamId stream(String accountId) {
        return new StreamId(AGGREGATE_TYPE, accountId);
    }

    private static void requireUsable(Account current, Money amount) {
        if (current.status() == AccountStatus.CLOSED) {
            throw new AccountClosed(current.accountId());
        }
        if (amount.amount() <= 0) {
            throw new InvalidAmount("amount must be a positive number of minor units, was " + amount.amount());
        }
        if (!amount.currency().equals(current.currency())) {
            throw new InvalidAmount("account " + current.accountId() + " holds " + current.currency()
                    + ", not " + amount.currency());
        }
    }

    private static Account state(LoadedStream loaded) {
        if (!loaded.exists()) {
            return null;
        }
        Account state = loaded.snapshot().map(s -> AccountEvents.decodeState(s.state())).orElse(null);
        for (StoredEvent event : loaded.events()) {
            state = AccountEvents.apply(state, AccountEvents.decode(event.type(), event.payload()), event.version());
        }
        return state;
    }

    /** An account as of {@code version}, and the version of the snapshot the stream's head carries. */
    private record Known(Account state, long version, long snapshotVersion) {

        static Known loaded(LoadedStream loaded) {
            return new Known(EventSourcedAccountService.state(loaded), loaded.version(),
                    loaded.snapshot().map(Snapshot::version).orElse(0L));
        }

        /** The state a refused append found at the head, when the head holds the current version's state. */
        static Known refused(ConcurrencyConflict conflict) {
            return conflict.currentState()
                    .map(s -> new Known(AccountEvents.decodeState(s.state()), s.version(), s.version()))
                    .orElse(null);
        }
    }

    private Receipt execute(String accountId, String commandId, String fingerprint, boolean creates,
                            Optional<AppendRequest.Prerequisite> prerequisite, Decision decision) {
        StreamId stream = stream(accountId);
        Keys.component("commandId", commandId);
        // remembered state is only a guess until the append's version condition accepts it
        Known known = remembered == null ? null : remembered.get(accountId);
        boolean stored = false;
        int lostRaces = 0;
        while (true) {
            if (known == null) {
                known = Known.loaded(store.load(stream, settings.snapshotEvery() + 1));
                stored = true;
            }
            Account current = known.state();
            List<AccountEvent> events;
            try {
                if (current == null && !creates) {
                    throw new AccountNotFound(accountId);
                }
                events = decision.decide(current);
            } catch (AccountException | ArithmeticException e) {
                if (!stored) {
                    // decided against remembered state, which may be behind: decide against the stored one
                    forget(accountId);
                    known = null;
                    continue;
                }
                // a retried command may fail the rules only because its first run already happened
                Optional<Receipt> earlier = earlierRun(stream, commandId, fingerprint);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
                if (e instanceof ArithmeticException) {
                    throw new InvalidAmount("balance would overflow");
                }
                throw e;
            }
            Account after = current;
            long version = known.version();
            long amount = 0;
            for (AccountEvent event : events) {
                after = AccountEvents.apply(after, event, ++version);
                if (event instanceof AccountEvent.MoneyDeposited d) {
                    amount += d.amount();
                } else if (event instanceof AccountEvent.MoneyWithdrawn w) {
                    amount += w.amount();
                }
            }
            Receipt receipt = new Receipt(accountId, commandId, amount, after.currency(), after.balance(),
                    after.version(), false);
            AppendRequest request = AppendRequest.of(stream, known.version(),
                            events.stream().map(AccountEvents::encode).toList())
                    .withCommand(commandId, fingerprint, Optional.of(encode(receipt)));
            if (prerequisite.isPresent()) {
                request = request.requiring(prerequisite.get().commandId(), prerequisite.get().fingerprint());
            }
            long snapshotVersion = known.snapshotVersion();
            if (after.version() - snapshotVersion >= settings.snapshotEvery()) {
                request = request.withSnapshot(new Snapshot(after.version(), AccountEvents.encodeState(after)));
                snapshotVersion = after.version();
            }
            try {
                AppendResult result = store.append(request);
                if (result.duplicate()) {
                    forget(accountId);
                    return replayed(result.result().orElseThrow());
                }
                remember(accountId, new Known(after, after.version(), snapshotVersion));
                return receipt;
            } catch (CommandConflict e) {
                forget(accountId);
                throw new DuplicateCommand(accountId, commandId);
            } catch (ConcurrencyConflict e) {
                forget(accountId);
                if (stored) {
                    // another writer won the race for this version
                    if (++lostRaces >= settings.maxAttempts()) {
                        throw new AccountBusy(accountId, settings.maxAttempts());
                    }
                    backoff(lostRaces);
                }
                known = Known.refused(e);
                stored = known != null;
            }
        }
    }

    private void remember(String accountId, Known known) {
        if (remembered != null) {
            remembered.put(accountId, known);
        }
    }

    private void forget(String accountId) {
        if (remembered != null) {
            remembered.remove(accountId);
        }
    }

    private Optional<Receipt> earlierRun(StreamId stream, String commandId, String fingerprint) {
        Optional<CommandRecord> record = store.findCommand(stream, commandId);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        if (!record.get().fingerprint().equals(fingerprint) || record.get().result().isEmpty()) {
            throw new DuplicateCommand(stream.aggregateId(), commandId);
        }
        return Optional.of(replayed(record.get().result().get()));
    }

    private static void backoff(int attempt) {
        // full jitter over a small, growing window: contending writers spread out instead of colliding again
        long capMicros = Math.min(20_000L, 500L << attempt);
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(capMicros) * 1_000L);
    }

    static String encode(Receipt receipt) {
        return RecordJson.writeString(receipt);
    }

    static Receipt replayed(String json) {
        try {
            Receipt original = RecordJson.read(json, Receipt.class, RecordJson.Missing.REFUSED);
            return new Receipt(original.accountId(), original.commandId(), original.amount(), original.currency(),
                    original.balanceAfter(), original.version(), true);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("stored receipt unreadable", e);
        }
    }
}
