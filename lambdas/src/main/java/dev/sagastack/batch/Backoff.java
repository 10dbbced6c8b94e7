package dev.sagastack.batch;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with full jitter: before retry {@code n} (1-based) wait a uniformly
 * random time in {@code [0, min(cap, base * 2^(n-1))]} ("Exponential Backoff And Jitter", AWS
 * Architecture Blog). {@code maxAttempts} counts the first call too.
 */
public record Backoff(Duration base, Duration cap, int maxAttempts) {

    public Backoff {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be positive");
        }
    }

    /** 50 ms doubling to at most 5 s, 10 attempts. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5), 10);
    }

    /** The upper bound of the wait before retry {@code retry} (1-based). */
    public Duration ceiling(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry is 1-based");
        }
        int shift = Math.min(retry - 1, 30);
        long nanos = base.toNanos();
        long grown = nanos > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : nanos << shift;
        return Duration.ofNanos(Math.min(grown, cap.toNanos()));
    }

    public Duration delay(int retry, RandomGenerator random) {
        return Duration.ofNanos(random.nextLong(ceiling(retry).toNanos() + 1));
    }
}
