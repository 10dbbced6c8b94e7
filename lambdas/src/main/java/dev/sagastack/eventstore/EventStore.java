package dev.sagastack.eventstore;

import dev.sagastack.eventstore.internal.DynamoEventStore;
import dev.sagastack.pagination.Page;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.pagination.PageRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Append-only event streams in their own table. Reads of a stream are strongly consistent and
 * never go through DAX: appends rely on them for the expected version.
 */
public interface EventStore {

    static EventStore create(DynamoDbClient client, String tableName, Clock clock) {
        return new DynamoEventStore(client, tableName, clock);
    }

    /**
     * Appends in one TransactWriteItems.
     *
     * @throws ConcurrencyConflict when the stream is not at the expected version
     * @throws CommandConflict     when the command id was used for a different command
     * @throws PrerequisiteMissing when the request's prerequisite command is not recorded as required
     */
    AppendResult append(AppendRequest request);

    /**
     * The latest snapshot and the events after it, in one descending Query from the head when the
     * snapshot lies within the first {@value #DEFAULT_FIRST_LOAD_PAGE} items.
     */
    default LoadedStream load(StreamId stream) {
        return load(stream, DEFAULT_FIRST_LOAD_PAGE);
    }

    /** Head plus 100 events. */
    int DEFAULT_FIRST_LOAD_PAGE = 101;

    /**
     * As {@link #load(StreamId)}, reading at most {@code firstPageLimit} items (head included) in the
     * first Query; aggregates that snapshot every N events pass N + 1, so the first Query is also the
     * last and reads no more than needed.
     */
    LoadedStream load(StreamId stream, int firstPageLimit);

    /** Up to {@code limit} events from {@code fromVersion} on, in order. */
    List<StoredEvent> read(StreamId stream, long fromVersion, int limit);

    /**
     * One page of the stream's events in order, behind an opaque cursor bound to this stream.
     *
     * @throws dev.sagastack.pagination.InvalidCursor for a cursor of another listing
     */
    Page<StoredEvent> readPage(StreamId stream, PageRequest page, PageCursors cursors);

    /** The stream's current version (0 when it does not exist). */
    long currentVersion(StreamId stream);

    Optional<CommandRecord> findCommand(StreamId stream, String commandId);

    /**
     * Events of one type across all streams, in recording order, after {@code position}
     * (from the beginning when empty). Served by GSI1, so eventually consistent.
     */
    EventPage readByType(String eventType, Optional<String> position, int limit);
}
