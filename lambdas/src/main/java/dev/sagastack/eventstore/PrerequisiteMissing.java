package dev.sagastack.eventstore;

import dev.sagastack.errors.Refusal;

/**
 * An append's {@link AppendRequest.Prerequisite} did not hold: the stream has no record of that
 * command, or recorded it with another fingerprint. Nothing was appended.
 */
public final class PrerequisiteMissing extends Refusal {

    private final String commandId;

    public PrerequisiteMissing(StreamId stream, AppendRequest.Prerequisite prerequisite) {
        super(Kind.CONFLICT, stream + " has no command " + prerequisite.commandId() + " recorded as " + prerequisite.fingerprint()
                + "; nothing was appended");
        this.commandId = prerequisite.commandId();
    }

    public String commandId() {
        return commandId;
    }
}
