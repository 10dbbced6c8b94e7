package dev.sagastack.eventstore;

import dev.sagastack.keys.Keys;

/** One aggregate's event stream: {@code AGG#type#id}. */
public record StreamId(String aggregateType, String aggregateId) {

    public StreamId {
        Keys.stream(aggregateType, aggregateId);
    }

    public String key() {
        return Keys.stream(aggregateType, aggregateId);
    }

    /** Parses {@code AGG#type#id}. */
    public static StreamId parse(String key) {
        String[] parts = key.split("#", -1);
        if (parts.length != 3 || !parts[0].equals("AGG")) {
            throw new IllegalArgumentException("not a stream key: " + key);
        }
        return new StreamId(parts[1], parts[2]);
    }

    @Override
    public String toString() {
        return key();
    }
}
