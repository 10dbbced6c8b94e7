package dev.sagastack.account;

/** The account is closed: no deposits, withdrawals or second close. */
public final class AccountClosed extends AccountException {
    public AccountClosed(String accountId) {
        super(Kind.BUSINESS_RULE, "account " + accountId + " is closed");
    }
}
