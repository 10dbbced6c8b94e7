package dev.sagastack.account;

/** Open of an account id that is already taken by another open command (API: 409). */
public final class AccountAlreadyExists extends AccountException {
    public AccountAlreadyExists(String accountId) {
        super("account already exists: " + accountId);
    }
}
