package dev.sagastack.projection;

import dev.sagastack.account.Account;
import dev.sagastack.account.AccountEvents;
import dev.sagastack.eventstore.StoredEvent;

import java.util.List;

/**
 * The summary as a pure fold of an account's events: no I/O, so redelivery, replay and gaps are
 * decided here and tested without a table.
 */
final class AccountSummaryFold {

    private AccountSummaryFold() {
    }

    /** The versions an event needs before it can apply: empty range (from > to) when none are missing. */
    record Missing(long from, long to) {
        boolean any() {
            return from <= to;
        }
    }

    static Missing missingBefore(Account state, StoredEvent event) {
        long applied = version(state);
        return new Missing(applied + 1, event.version() - 1);
    }

    /** Applies the event; an event at or below the summary's version is a redelivery and changes nothing. */
    static Account apply(Account state, StoredEvent event) {
        if (event.version() <= version(state)) {
            return state;
        }
        if (event.version() != version(state) + 1) {
            throw new IllegalStateException("event " + event.version() + " does not follow version " + version(state));
        }
        return AccountEvents.apply(state, AccountEvents.decode(event.type(), event.payload()), event.version());
    }

    /** Applies events that must be exactly the versions {@code missing} names, in order. */
    static Account applyAll(Account state, List<StoredEvent> events, Missing missing, String stream) {
        long expected = missing.from();
        for (StoredEvent event : events) {
            if (event.version() != expected) {
                throw new IllegalStateException("event store lacks version " + expected + " of " + stream);
            }
            state = apply(state, event);
            expected++;
        }
        if (expected != missing.to() + 1) {
            throw new IllegalStateException("event store lacks versions " + expected + ".." + missing.to() + " of " + stream);
        }
        return state;
    }

    static long version(Account state) {
        return state == null ? 0 : state.version();
    }
}
