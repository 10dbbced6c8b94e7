package dev.sagastack.pagination;

/**
 * A cursor that was not issued for this query: forged, altered, corrupted, or taken from another
 * listing. The API maps it to 400; the query never runs.
 */
public final class InvalidCursor extends RuntimeException {

    public InvalidCursor(String reason) {
        super("invalid cursor: " + reason);
    }
}
