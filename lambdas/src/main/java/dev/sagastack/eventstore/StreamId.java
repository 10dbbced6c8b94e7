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
        Keys.StreamParts parts = Keys.parseStream(key);
        return new StreamId(parts.aggregateType(), parts.aggregateId());
    }

    @Override
    public String toString() {
        return key();
    }
}
