package dev.sagastack.account;

import java.util.Optional;

/** Amount not a positive number of minor units, or not in the account's currency (API: 400). */
public final class InvalidAmount extends AccountException {
    public InvalidAmount(String message) {
        super(Kind.INVALID, message);
    }

    @Override
    public Optional<String> field() {
        return Optional.of("amount");
    }
}
