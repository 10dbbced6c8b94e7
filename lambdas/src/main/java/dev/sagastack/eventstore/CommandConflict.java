package dev.sagastack.eventstore;

/** A command id was reused for a command with different content. */
public final class CommandConflict extends RuntimeException {

    private final String commandId;

    public CommandConflict(StreamId stream, String commandId) {
        super("command " + commandId + " on " + stream + " was already used for a different command");
        this.commandId = commandId;
    }

    public String commandId() {
        return commandId;
    }
}
