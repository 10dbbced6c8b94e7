package dev.sagastack.account;

import java.util.Optional;

/** A withdrawal larger than the balance; accounts never go negative. */
public final class InsufficientFunds extends AccountException {

    private final long balance;
    private final long requested;

    public InsufficientFunds(String accountId, long balance, long requested) {
        super(Kind.BUSINESS_RULE, "account " + accountId + " has " + balance + " and cannot pay " + requested);
        this.balance = balance;
        this.requested = requested;
    }

    public long balance() {
        return balance;
    }

    public long requested() {
        return requested;
    }

    @Override
    public Optional<String> field() {
        return Optional.of("amount");
    }
}
