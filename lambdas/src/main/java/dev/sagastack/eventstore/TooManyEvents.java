package dev.sagastack.eventstore;

/** An append larger than one DynamoDB transaction can hold. */
public final class TooManyEvents extends IllegalArgumentException {
    public TooManyEvents(int count, int limit) {
        super("an append holds at most " + limit + " events (one TransactWriteItems of "
                + AppendRequest.MAX_ACTIONS + " actions incl. the stream head and command marker), got " + count);
    }
}
