package dev.sagastack.eventstore;

import java.util.Optional;

/**
 * Where the events of an append landed. {@code duplicate} is true when the command had already
 * been appended: then the versions and result are those of the first append and nothing was written.
 */
public record AppendResult(StreamId stream, long firstVersion, long lastVersion, boolean duplicate,
                           Optional<String> result) {
}
