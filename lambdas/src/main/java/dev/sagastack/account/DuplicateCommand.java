package dev.sagastack.account;

import java.util.Optional;

/** The command id was already used for a different command on this account (API: 409). */
public final class DuplicateCommand extends AccountException {
    public DuplicateCommand(String accountId, String commandId) {
        super(Kind.CONFLICT, "command id " + commandId + " was already used for a different command on account " + accountId);
    }

    @Override
    public String code() {
        return "CommandIdReused";
    }

    @Override
    public Optional<String> field() {
        return Optional.of("commandId");
    }
}
