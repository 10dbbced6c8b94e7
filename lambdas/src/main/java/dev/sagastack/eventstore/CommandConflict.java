package dev.sagastack.eventstore;

import dev.sagastack.errors.Refusal;

/** A command id was reused for a command with different content. */
public final class CommandConflict extends Refusal {

    private final String commandId;

    public CommandConflict(StreamId stream, String commandId) {
        super(Kind.CONFLICT, "command " + commandId + " on " + stream + " was already used for a different command");
        this.commandId = commandId;
    }

    public String commandId() {
        return commandId;
    }
}
