package dev.sagastack.eventstore;

/** The aggregate's state after event {@code version}, as JSON text. */
public record Snapshot(long version, String state) {
    public Snapshot {
        if (version < 1) {
            throw new IllegalArgumentException("snapshot version must be positive");
        }
    }
}
