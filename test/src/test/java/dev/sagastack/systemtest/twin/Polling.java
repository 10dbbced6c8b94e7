package dev.sagastack.systemtest.twin;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for what a running twin does asynchronously (sagas, stream mappings) by reading it again until it holds. */
final class Polling {

    private Polling() {
    }

    /**
     * Reads until {@code done} accepts the answer and returns that answer; fails with the last answer read when
     * {@code timeout} passes first.
     */
    static <T> T until(Duration timeout, Duration interval, Supplier<T> read, Predicate<T> done, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(interval.toMillis());
        }
        throw new AssertionError("waited " + timeout + " for " + what + "; last read: " + last);
    }
}
