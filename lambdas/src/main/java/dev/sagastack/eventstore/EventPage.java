package dev.sagastack.eventstore;

import java.util.List;
import java.util.Optional;

/**
 * Events of one type in recording order, and the position after the last one. A catch-up reader
 * stores {@code position} and passes it to the next read.
 */
public record EventPage(List<StoredEvent> events, Optional<String> position) {
    public EventPage {
        events = List.copyOf(events);
    }
}
