package dev.sagastack.account;

/**
 * The command lost the optimistic-concurrency race more often than the bounded retry allows.
 * Nothing was written; a retry with the same command id is safe. Retryable (API: 503).
 */
public final class AccountBusy extends AccountException {
    public AccountBusy(String accountId, int attempts) {
        super(Kind.TRANSIENT, "account " + accountId + " changed concurrently " + attempts + " times in a row; retry");
    }

    @Override
    public String code() {
        return "Busy";
    }
}
