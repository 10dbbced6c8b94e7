package dev.sagastack.account;

/**
 * The facts of an account's life, as stored in its event stream. {@link #type()} is the event type
 * name in the event store (and its GSI for catch-up readers).
 */
public sealed interface AccountEvent {

    String type();

    record AccountOpened(String accountId, String ownerId, String currency) implements AccountEvent {
        public static final String TYPE = "AccountOpened";

        public AccountOpened {
            if (accountId == null || ownerId == null || currency == null) {
                throw new IllegalArgumentException("AccountOpened needs accountId, ownerId and currency");
            }
        }

        public String type() {
            return TYPE;
        }
    }

    record MoneyDeposited(long amount, String currency) implements AccountEvent {
        public static final String TYPE = "MoneyDeposited";

        public MoneyDeposited {
            if (amount <= 0 || currency == null) {
                throw new IllegalArgumentException("MoneyDeposited needs a positive amount and a currency");
            }
        }

        public String type() {
            return TYPE;
        }
    }

    record MoneyWithdrawn(long amount, String currency) implements AccountEvent {
        public static final String TYPE = "MoneyWithdrawn";

        public MoneyWithdrawn {
            if (amount <= 0 || currency == null) {
                throw new IllegalArgumentException("MoneyWithdrawn needs a positive amount and a currency");
            }
        }

        public String type() {
            return TYPE;
        }
    }

    record AccountClosed(String reason) implements AccountEvent {
        public static final String TYPE = "AccountClosed";

        public String type() {
            return TYPE;
        }
    }
}
