package dev.sagastack.account;

/** No account with this id (API: 404). */
public final class AccountNotFound extends AccountException {
    public AccountNotFound(String accountId) {
        super(Kind.NOT_FOUND, "account not found: " + accountId);
    }
}
