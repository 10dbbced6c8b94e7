package dev.sagastack.eventstore;

import java.time.Instant;
import java.util.Optional;

/** An event as recorded: where it sits in its stream and when it was appended. */
public record StoredEvent(StreamId stream, long version, String type, String payload, Instant recordedAt,
                          Optional<String> commandId) {
}
