package dev.sagastack.local.stepfunctions.asl;

import java.util.List;

/**
 * One Retry entry. Defaults as documented: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0;
 * {@code maxDelaySeconds} is null when absent, {@code fullJitter} is JitterStrategy FULL.
 */
public record Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
                      Integer maxDelaySeconds, boolean fullJitter) {
}
