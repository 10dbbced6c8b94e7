package dev.sagastack.eventstore;

/** Another writer appended first: the stream is at {@code currentVersion}, not the expected one. */
public final class ConcurrencyConflict extends RuntimeException {

    private final StreamId stream;
    private final long expectedVersion;
    private final long currentVersion;

    public ConcurrencyConflict(StreamId stream, long expectedVersion, long currentVersion) {
        super("stream " + stream + " is at version " + currentVersion + ", expected " + expectedVersion);
        this.stream = stream;
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
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
