package dev.sagastack.eventstore;

import java.util.Optional;

/**
 * What the event store remembers of a command: the versions its events took (none for a command
 * that was voided before it ran), a fingerprint of its content, and the result its caller returned.
 */
public record CommandRecord(String commandId, long firstVersion, long lastVersion, String fingerprint,
                            Optional<String> result) {

    public boolean appendedEvents() {
        return lastVersion >= firstVersion && firstVersion > 0;
    }
}
