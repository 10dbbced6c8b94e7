package dev.sagastack.eventstore;

import java.util.List;
import java.util.Optional;

/** A stream as loaded for a command: its latest snapshot and the events after it, in order. */
public record LoadedStream(StreamId stream, long version, Optional<Snapshot> snapshot, List<StoredEvent> events) {
    public LoadedStream {
        events = List.copyOf(events);
    }

    public boolean exists() {
        return version > 0;
    }
}
