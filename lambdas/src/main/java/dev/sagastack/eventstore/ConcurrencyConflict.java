package dev.sagastack.eventstore;

import dev.sagastack.errors.Refusal;

import java.util.Optional;

/**
 * Another writer appended first: the stream is at {@code currentVersion}, not the expected one. It carries
 * the snapshot the stream's head held when the append was refused: when that snapshot is of
 * {@code currentVersion}, it is the stream's current state and a retry needs no load.
 */
public final class ConcurrencyConflict extends Refusal {

    private final StreamId stream;
    private final long expectedVersion;
    private final long currentVersion;
    private final Optional<Snapshot> headSnapshot;

    public ConcurrencyConflict(StreamId stream, long expectedVersion, long currentVersion) {
        this(stream, expectedVersion, currentVersion, Optional.empty());
    }

    public ConcurrencyConflict(StreamId stream, long expectedVersion, long currentVersion,
                               Optional<Snapshot> headSnapshot) {
        super(Kind.TRANSIENT, "stream " + stream + " is at version " + currentVersion + ", expected " + expectedVersion);
        this.stream = stream;
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
        this.headSnapshot = headSnapshot;
    }

    /** The state at {@code currentVersion}, when the head's snapshot is of that version. */
    public Optional<Snapshot> currentState() {
        return headSnapshot.filter(snapshot -> snapshot.version() == currentVersion);
    }

    public StreamId stream() {
        return stream;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
