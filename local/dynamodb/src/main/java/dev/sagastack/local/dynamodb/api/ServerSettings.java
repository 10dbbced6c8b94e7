package dev.sagastack.local.dynamodb.api;

/** Runtime switches of a running server that tests may change. */
public final class ServerSettings {

    private volatile double unprocessedFraction;

    public ServerSettings(double unprocessedFraction) {
        setUnprocessedFraction(unprocessedFraction);
    }

    /**
     * The share of each BatchGetItem/BatchWriteItem call returned as UnprocessedKeys/UnprocessedItems
     * (rounded down, taken from the end of the request), so that a batch of one is always processed
     * and a retry loop always finishes. 0 processes everything.
     */
    public double unprocessedFraction() {
        return unprocessedFraction;
    }

    public void setUnprocessedFraction(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("unprocessed fraction must be in [0, 1): " + fraction);
        }
        this.unprocessedFraction = fraction;
    }

    /** How many of {@code count} requests to leave unprocessed. */
    int unprocessedOf(int count) {
        return (int) Math.floor(count * unprocessedFraction);
    }
}
