package dev.sagastack.local.stepfunctions.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Virtual time for tests. The clock stands still while any work runs; when the engine is idle it
 * jumps to the next internal timer (a Wait state, a retry backoff, a task timeout or a simulated
 * task duration) and fires it, so waits and backoffs complete without sleeping. Timers that wait on
 * the outside world (task tokens, execution deadlines) fire only when {@link #advance} moves the
 * clock past them, or when other timers carry the clock there.
 */
public final class VirtualTimeScheduler implements Scheduler {
    private final Object lock = new Object();
    private final ThreadPoolExecutor work;
    private final ThreadPoolExecutor blocking;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final PriorityQueue<Entry> timers = new PriorityQueue<>();
    private volatile Instant now;
    private volatile boolean closed;

    public VirtualTimeScheduler(Instant start, int workThreads, int taskThreads) {
        this.now = start;
        this.work = WorkPool.create("sfn-vwork", workThreads);
        this.blocking = WorkPool.create("sfn-vtask", taskThreads);
    }

    private final class Entry implements Comparable<Entry>, Timer {
        final Instant at;
        final long seq = sequence.incrementAndGet();
        final boolean external;
        final Runnable task;
        volatile boolean cancelled;

        Entry(Instant at, boolean external, Runnable task) {
            this.at = at;
            this.external = external;
            this.task = task;
        }

        @Override
        public int compareTo(Entry o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public void cancel() {
            cancelled = true;
            synchronized (lock) {
                timers.remove(this);
            }
        }
    }

    @Override
    public Instant now() {
        return now;
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
            return; // after close, executions stay as their last checkpoint left them
        }
        active.incrementAndGet();
        try {
            pool.execute(() -> {
                try {
                    r.run();
                } finally {
                    done();
                }
            });
        } catch (RejectedExecutionException e) {
            done();
            if (!closed) {
                throw e;
            }
        }
    }

    private void done() {
        if (active.decrementAndGet() == 0) {
            onIdle();
        }
    }

    @Override
    public Timer schedule(Instant at, boolean external, Runnable r) {
        Entry e = new Entry(at, external, r);
        synchronized (lock) {
            timers.add(e);
        }
        if (!at.isAfter(now) || active.get() == 0) {
            onIdle();
        }
        return e;
    }

    /** Moves the clock forward, firing every timer (internal or external) that falls due on the way. */
    public void advance(Duration d) {
        awaitIdle(Duration.ofSeconds(10));
        Instant target = now.plus(d);
        while (true) {
            Entry due;
            synchronized (lock) {
                Entry head = timers.peek();
                if (head == null || head.at.isAfter(target)) {
                    if (target.isAfter(now)) {
                        now = target;
                    }
                    break;
                }
                due = timers.poll();
                if (due.at.isAfter(now)) {
                    now = due.at;
                }
            }
            fire(due);
        }
        onIdle();
    }

    /** Fires due timers; when nothing runs, jumps to the next internal timer. */
    private void onIdle() {
        while (true) {
            Entry due = null;
            synchronized (lock) {
                Entry head = timers.peek();
                if (head != null && !head.at.isAfter(now)) {
                    due = timers.poll();
                } else if (active.get() == 0) {
                    Entry next = null;
                    for (Entry e : timers) {
                        if (!e.external && (next == null || e.compareTo(next) < 0)) {
                            next = e;
                        }
                    }
                    if (next != null) {
                        // external timers due before the internal one fire first, at their own time
                        Entry first = timers.peek();
                        due = first.at.isAfter(next.at) ? next : first;
                        timers.remove(due);
                        if (due.at.isAfter(now)) {
                            now = due.at;
                        }
                    }
                }
            }
            if (due == null) {
                return;
            }
            fire(due);
        }
    }

    private void fire(Entry e) {
        if (!e.cancelled) {
            submit(work, e.task);
        }
    }

    /** Waits (in real time, up to {@code max}) until no work is queued or running. */
    public void awaitIdle(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (active.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(200_000);
        }
    }

    /** Work items queued or running (for tests that wait for quiescence). */
    public int activeWork() {
        return active.get();
    }

    @Override
    public void close() {
        closed = true;
        work.shutdown();
        blocking.shutdownNow();
        RealTimeScheduler.awaitQuietly(work);
    }
}
