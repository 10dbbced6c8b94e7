package dev.sagastack.eventstore;

import dev.sagastack.keys.Keys;

/** An event to append: its type name and its payload as JSON text. */
public record NewEvent(String type, String payload) {
    public NewEvent {
        Keys.component("event type", type);
        if (payload == null) {
            throw new IllegalArgumentException("payload is required");
        }
    }
}
