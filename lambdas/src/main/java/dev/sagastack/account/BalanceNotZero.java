package dev.sagastack.account;

/** Close of an account that still holds money. */
public final class BalanceNotZero extends AccountException {
    public BalanceNotZero(String accountId, long balance) {
        super(Kind.BUSINESS_RULE, "account " + accountId + " still holds " + balance + " and cannot be closed");
    }
}
