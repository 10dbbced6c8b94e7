package dev.sagastack.eventstore;

import java.util.List;
import java.util.Optional;

/**
 * One append: {@code events} go to versions {@code expectedVersion + 1 ...}.
 *
 * <p>With a {@link Command}, the append also records the command id in the same transaction; a
 * later append with the same id appends nothing and returns the first one's result.
 * With a snapshot (of the state after the last new event), the stream head stores it.
 * An append with no events must carry a command: it claims the command id without events
 * (e.g. to void a payment that never ran).
 * With a {@link Prerequisite}, the append happens only if the stream already recorded that command
 * with that fingerprint (checked in the same transaction), else {@link PrerequisiteMissing}.
 */
public record AppendRequest(StreamId stream, long expectedVersion, List<NewEvent> events,
                            Optional<Command> command, Optional<Snapshot> snapshot,
                            Optional<Prerequisite> prerequisite) {

    /** Up to 100 actions per TransactWriteItems: the events, the head, the command marker, the prerequisite. */
    public static final int MAX_ACTIONS = 100;

    /**
     * @param fingerprint identifies the command's content; the same id with another fingerprint is a
     *                    {@link CommandConflict}
     * @param result      stored with the marker and returned to retries
     */
    public record Command(String commandId, String fingerprint, Optional<String> result) {
    }

    /** An earlier command of the same stream, recorded with {@code fingerprint}, that the append requires. */
    public record Prerequisite(String commandId, String fingerprint) {
    }

    public AppendRequest {
        events = List.copyOf(events);
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must not be negative");
        }
        if (prerequisite.isPresent() && events.isEmpty()) {
            throw new IllegalArgumentException("a prerequisite needs events to guard");
        }
        int limit = maxEvents(command.isPresent()) - (prerequisite.isPresent() ? 1 : 0);
        if (events.size() > limit) {
            throw new TooManyEvents(events.size(), limit);
        }
        if (events.isEmpty() && command.isEmpty()) {
            throw new IllegalArgumentException("an append without events must carry a command id");
        }
        if (snapshot.isPresent() && snapshot.get().version() != expectedVersion + events.size()) {
            throw new IllegalArgumentException("snapshot must be of the state after the appended events");
        }
    }

    public static AppendRequest of(StreamId stream, long expectedVersion, List<NewEvent> events) {
        return new AppendRequest(stream, expectedVersion, events, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Records the command id with no events, so a later command with the same id appends nothing. */
    public static AppendRequest claim(StreamId stream, String commandId, String fingerprint, Optional<String> result) {
        return new AppendRequest(stream, 0, List.of(), Optional.of(new Command(commandId, fingerprint, result)),
                Optional.empty(), Optional.empty());
    }

    public AppendRequest withCommand(String commandId, String fingerprint, Optional<String> result) {
        return new AppendRequest(stream, expectedVersion, events,
                Optional.of(new Command(commandId, fingerprint, result)), snapshot, prerequisite);
    }

    public AppendRequest withSnapshot(Snapshot snapshot) {
        return new AppendRequest(stream, expectedVersion, events, command, Optional.of(snapshot), prerequisite);
    }

    /** Appends only if the stream recorded command {@code commandId} with {@code fingerprint}. */
    public AppendRequest requiring(String commandId, String fingerprint) {
        return new AppendRequest(stream, expectedVersion, events, command, snapshot,
                Optional.of(new Prerequisite(commandId, fingerprint)));
    }

    /** 99 events, or 98 when the command marker takes one of the 100 actions. */
    public static int maxEvents(boolean withCommand) {
        return MAX_ACTIONS - 1 - (withCommand ? 1 : 0);
    }
}
