package dev.sagastack.account.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import dev.sagastack.eventstore.StreamId;
import dev.sagastack.keys.Keys;
import dev.sagastack.pagination.Page;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.pagination.PageRequest;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Commands load the account (snapshot + later events), decide, and append with the loaded
 * version as the expected one. A lost race reloads and decides again, up to the configured bound.
 */
public final class EventSourcedAccountService implements AccountService {

    private final EventStore store;
    private final AccountSettings settings;

    public EventSourcedAccountService(EventStore store, AccountSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
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
        return execute(accountId, commandId, "deposit|" + amount.amount() + "|" + amount.currency(), false,
                Optional.empty(), depositOf(amount));
    }

    @Override
    public Receipt reverseWithdrawal(String accountId, String withdrawalCommandId, Money amount, String commandId) {
        Keys.component("withdrawalCommandId", withdrawalCommandId);
        try {
            return execute(accountId, commandId, "deposit|" + amount.amount() + "|" + amount.currency(), false,
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

    private Receipt execute(String accountId, String commandId, String fingerprint, boolean creates,
                            Optional<AppendRequest.Prerequisite> prerequisite, Decision decision) {
        StreamId stream = stream(accountId);
        Keys.component("commandId", commandId);
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            LoadedStream loaded = store.load(stream, settings.snapshotEvery() + 1);
            Account current = state(loaded);
            List<AccountEvent> events;
            try {
                if (current == null && !creates) {
                    throw new AccountNotFound(accountId);
                }
                events = decision.decide(current);
            } catch (AccountException | ArithmeticException e) {
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
            long version = loaded.version();
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
            AppendRequest request = AppendRequest.of(stream, loaded.version(),
                            events.stream().map(AccountEvents::encode).toList())
                    .withCommand(commandId, fingerprint, Optional.of(encode(receipt)));
            if (prerequisite.isPresent()) {
                request = request.requiring(prerequisite.get().commandId(), prerequisite.get().fingerprint());
            }
            long lastSnapshot = loaded.snapshot().map(Snapshot::version).orElse(0L);
            if (after.version() - lastSnapshot >= settings.snapshotEvery()) {
                request = request.withSnapshot(new Snapshot(after.version(), AccountEvents.encodeState(after)));
            }
            try {
                AppendResult result = store.append(request);
                if (result.duplicate()) {
                    return replayed(result.result().orElseThrow());
                }
                return receipt;
            } catch (CommandConflict e) {
                throw new DuplicateCommand(accountId, commandId);
            } catch (ConcurrencyConflict e) {
                backoff(attempt);
            }
        }
        throw new AccountBusy(accountId, settings.maxAttempts());
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
        try {
            return AccountEvents.json().writeValueAsString(receipt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Receipt replayed(String json) {
        try {
            Receipt original = AccountEvents.json().readValue(json, Receipt.class);
            return new Receipt(original.accountId(), original.commandId(), original.amount(), original.currency(),
                    original.balanceAfter(), original.version(), true);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored receipt unreadable", e);
        }
    }
}
