package dev.sagastack.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.eventstore.NewEvent;

/**
 * Serialises account events, and folds them into {@link Account} state. The one definition of
 * what each event does, shared by the aggregate, snapshots, projections and rebuilds.
 */
public final class AccountEvents {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true);

    private AccountEvents() {
    }

    /** An event that cannot be read: unknown type or malformed payload. */
    public static final class UnreadableEvent extends RuntimeException {
        public UnreadableEvent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static NewEvent encode(AccountEvent event) {
        try {
            return new NewEvent(event.type(), JSON.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
            return JSON.readValue(payload, target);
        } catch (JsonProcessingException | IllegalArgumentException e) {
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
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Account decodeState(String json) {
        try {
            return JSON.readValue(json, Account.class);
        } catch (JsonProcessingException e) {
            throw new UnreadableEvent("malformed account snapshot", e);
        }
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
