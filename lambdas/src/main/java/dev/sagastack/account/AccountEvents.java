package dev.sagastack.account;

import dev.sagastack.eventstore.NewEvent;
import dev.sagastack.json.RecordJson;

import java.io.IOException;

/**
 * Serialises account events, and folds them into {@link Account} state. The one definition of
 * what each event does, shared by the aggregate, snapshots, projections and rebuilds. Payloads are
 * the records' components as JSON ({@link RecordJson}); unknown members are ignored, a missing one or
 * a null where a number belongs makes the event unreadable.
 */
public final class AccountEvents {

    private AccountEvents() {
    }

    /** An event that cannot be read: unknown type or malformed payload. */
    public static final class UnreadableEvent extends RuntimeException {
        public UnreadableEvent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static NewEvent encode(AccountEvent event) {
        return new NewEvent(event.type(), RecordJson.writeString(event));
    }

    public static AccountEvent decode(String type, String payload) {
        Class<? extends AccountEvent> target = switch (type) {
            case AccountEvent.AccountOpened.TYPE -> AccountEvent.AccountOpened.class;
            case AccountEvent.MoneyDeposited.TYPE -> AccountEvent.MoneyDeposited.class;
            case AccountEvent.MoneyWithdrawn.TYPE -> AccountEvent.MoneyWithdrawn.class;
            case AccountEvent.AccountClosed.TYPE -> AccountEvent.AccountClosed.class;
            default -> throw new UnreadableEvent("unknown account event type " + type, null);
        };
        try {
            AccountEvent event = RecordJson.read(payload, target, RecordJson.Missing.REFUSED);
            if (event == null) {
                throw new UnreadableEvent("malformed " + type + " payload: null", null);
            }
            return event;
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnreadableEvent unreadable) {
                throw unreadable;
            }
            throw new UnreadableEvent("malformed " + type + " payload", e);
        }
    }

    /**
     * The state after {@code event}, which is event number {@code version} of the stream.
     * {@code state} is null before the first event.
     *
     * @throws UnreadableEvent when the event does not fit the state (a corrupt stream)
     */
    public static Account apply(Account state, AccountEvent event, long version) {
        if (state == null) {
            if (event instanceof AccountEvent.AccountOpened opened) {
                return new Account(opened.accountId(), opened.ownerId(), opened.currency(), 0, AccountStatus.OPEN, version);
            }
            throw new UnreadableEvent("stream does not start with " + AccountEvent.AccountOpened.TYPE, null);
        }
        if (event instanceof AccountEvent.MoneyDeposited deposited) {
            return with(state, Math.addExact(state.balance(), deposited.amount()), state.status(), version);
        }
        if (event instanceof AccountEvent.MoneyWithdrawn withdrawn) {
            return with(state, Math.subtractExact(state.balance(), withdrawn.amount()), state.status(), version);
        }
        if (event instanceof AccountEvent.AccountClosed) {
            return with(state, state.balance(), AccountStatus.CLOSED, version);
        }
        throw new UnreadableEvent("account " + state.accountId() + " cannot apply " + event.type()
                + " at version " + version, null);
    }

    private static Account with(Account state, long balance, AccountStatus status, long version) {
        return new Account(state.accountId(), state.ownerId(), state.currency(), balance, status, version);
    }

    public static String encodeState(Account state) {
        return RecordJson.writeString(state);
    }

    public static Account decodeState(String json) {
        try {
            Account state = RecordJson.read(json, Account.class, RecordJson.Missing.REFUSED);
            if (state == null) {
                throw new UnreadableEvent("malformed account snapshot: null", null);
            }
            return state;
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnreadableEvent unreadable) {
                throw unreadable;
            }
            throw new UnreadableEvent("malformed account snapshot", e);
        }
    }
}
