package dev.sagastack.account;

/** The command id was already used for a different command on this account (API: 409). */
public final class DuplicateCommand extends AccountException {
    public DuplicateCommand(String accountId, String commandId) {
        super("command id " + commandId + " was already used for a different command on account " + accountId);
    }
}
