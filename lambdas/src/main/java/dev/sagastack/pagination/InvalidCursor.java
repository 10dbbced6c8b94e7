package dev.sagastack.pagination;

import dev.sagastack.errors.Refusal;

import java.util.Optional;

/**
 * A cursor that was not issued for this query: forged, altered, corrupted, or taken from another
 * listing. The API maps it to 400; the query never runs.
 */
public final class InvalidCursor extends Refusal {

    public InvalidCursor(String reason) {
        super(Kind.INVALID, "invalid cursor: " + reason);
    }

    @Override
    public Optional<String> field() {
        return Optional.of("cursor");
    }
}
