package dev.sagastack.local.stepfunctions.asl;

import java.util.List;

/** One Retry entry. Defaults as documented: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0. */
public final class Retrier {
    public final List<String> errorEquals;
    public final int intervalSeconds;
    public final int maxAttempts;
    public final double backoffRate;
    public final Integer maxDelaySeconds;
    public final boolean fullJitter;

    public Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
                   Integer maxDelaySeconds, boolean fullJitter) {
        this.errorEquals = errorEquals;
        this.intervalSeconds = intervalSeconds;
        this.maxAttempts = maxAttempts;
        this.backoffRate = backoffRate;
        this.maxDelaySeconds = maxDelaySeconds;
        this.fullJitter = fullJitter;
    }
}
