package dev.sagastack.dax;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether DAX may be tried for the next read. After a failure the circuit opens: reads go to
 * DynamoDB without waiting on DAX, and one read tries DAX again once {@code retryAfter} has passed
 * (a success closes the circuit, a failure keeps it open for another interval). The change of state
 * is logged once per transition, not per read; every read DynamoDB serves in DAX's place is counted
 * by the {@link FallbackMeter}.
 */
public final class DaxCircuit {

    /** How long DAX is left alone after it failed. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    /** Counts reads served by DynamoDB because DAX was unreachable (a metric). */
    @FunctionalInterface
    public interface FallbackMeter {
        void fellBack();
    }

    private static final Logger LOG = LoggerFactory.getLogger(DaxCircuit.class);

    private final Clock clock;
    private final Duration retryAfter;
    private final FallbackMeter meter;
    private Instant openUntil;
    private boolean open;

    public DaxCircuit(Clock clock, Duration retryAfter, FallbackMeter meter) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        this.meter = Objects.requireNonNull(meter, "meter");
    }

    /**
     * Whether this read may go to DAX. While open, only the first read after the interval may (the
     * probe); the reads that overlap it keep going to DynamoDB.
     */
    public synchronized boolean allowsDax() {
        if (!open) {
            return true;
        }
        Instant now = clock.instant();
        if (now.isBefore(openUntil)) {
            return false;
        }
        openUntil = now.plus(retryAfter);
        return true;
    }

    /** DAX answered: closes an open circuit. */
    public synchronized void succeeded() {
        if (open) {
            open = false;
            LOG.info("DAX reachable again: eventually consistent reads go to DAX");
        }
    }

    /** DAX did not answer: opens the circuit (or keeps it open for another interval). */
    public synchronized void failed(RuntimeException cause) {
        openUntil = clock.instant().plus(retryAfter);
        if (!open) {
            open = true;
            LOG.warn("DAX unreachable ({}): eventually consistent reads go to DynamoDB, DAX tried again every {} s",
                    cause.toString(), retryAfter.toSeconds());
        }
    }

    /** A read DynamoDB served in DAX's place. */
    public void fellBack() {
        meter.fellBack();
    }

    public synchronized boolean isOpen() {
        return open;
    }
}
