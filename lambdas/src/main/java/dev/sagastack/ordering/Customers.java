package dev.sagastack.ordering;

import dev.sagastack.account.Account;
import dev.sagastack.account.AccountService;
import dev.sagastack.user.UserReads;

import java.util.Optional;

/** What placing an order needs to know of a customer: that the user exists, and who owns an account in which currency. */
public interface Customers {

    /** The facts of an account that never change once it is opened. */
    record AccountIdentity(String ownerId, String currency) {
    }

    boolean userExists(String userId);

    Optional<AccountIdentity> account(String accountId);

    /** Reads the user and loads the account every time. */
    static Customers reading(UserReads users, AccountService accounts) {
        return new Customers() {
            @Override
            public boolean userExists(String userId) {
                return users.findById(userId).isPresent();
            }

            @Override
            public Optional<AccountIdentity> account(String accountId) {
                return accounts.load(accountId).map((Account a) -> new AccountIdentity(a.ownerId(), a.currency()));
            }
        };
    }

    /**
     * Remembers, per container, what cannot change: that a user exists (users are never deleted) and an
     * account's owner and currency. A returning customer's order then needs neither read. Only what was
     * found is remembered, and at most {@value RememberedCustomers#CAPACITY} entries of each kind.
     */
    static Customers remembered(Customers delegate) {
        return new RememberedCustomers(delegate);
    }
}
