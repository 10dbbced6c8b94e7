package dev.sagastack.account;

import java.util.Optional;

/** Open of an account id that is already taken by another open command (API: 409). */
public final class AccountAlreadyExists extends AccountException {
    public AccountAlreadyExists(String accountId) {
        super(Kind.CONFLICT, "account already exists: " + accountId);
    }

    @Override
    public Optional<String> field() {
        return Optional.of("accountId");
    }
}
