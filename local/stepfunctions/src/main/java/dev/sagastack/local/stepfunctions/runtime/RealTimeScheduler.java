package dev.sagastack.local.stepfunctions.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Wall-clock scheduling for the twin and the command-line runner. */
public final class RealTimeScheduler implements Scheduler {
    private final Clock clock;
    private final ThreadPoolExecutor work;
    private final ThreadPoolExecutor blocking;
    private final ScheduledThreadPoolExecutor timers;
    /** After close, new work and timers are dropped: executions stay as their last checkpoint left them. */
    private volatile boolean closed;

    public RealTimeScheduler(int workThreads, int taskThreads) {
        this.clock = Clock.systemUTC();
        this.work = WorkPool.create("sfn-work", workThreads);
        this.blocking = WorkPool.create("sfn-task", taskThreads);
        this.timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sfn-timer");
            t.setDaemon(true);
            return t;
        });
        this.timers.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public void execute(Runnable r) {
        submit(work, r);
    }

    @Override
    public void executeBlocking(Runnable r) {
        submit(blocking, r);
    }

    private void submit(ThreadPoolExecutor pool, Runnable r) {
        if (closed) {
            return;
        }
        try {
            pool.execute(r);
        } catch (RejectedExecutionException e) {
            if (!closed) {
                throw e;
            }
        }
    }

    @Override
    public Timer schedule(Instant at, boolean external, Runnable r) {
        long delay = Math.max(0, Duration.between(now(), at).toMillis());
        if (closed) {
            return () -> { };
        }
        try {
            ScheduledFuture<?> f = timers.schedule(() -> submit(work, r), delay, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            if (!closed) {
                throw e;
            }
            return () -> { };
        }
    }

    @Override
    public void close() {
        closed = true;
        timers.shutdownNow();
        work.shutdown();
        blocking.shutdownNow();
        awaitQuietly(work);
    }

    /** Lets running interpreter work (and its checkpoint) finish before the store closes. */
    static void awaitQuietly(ThreadPoolExecutor pool) {
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }
}
