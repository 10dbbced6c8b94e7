package dev.sagastack.local.stepfunctions.runtime;

import java.util.ArrayDeque;

/**
 * Runs work on the current thread one piece after another instead of nesting calls. A task thread
 * uses it to continue its execution (and to make that execution's next task call) itself, saving
 * a thread hand-off per step, without the stack growing with the number of steps.
 */
final class Trampoline {
    private static final ThreadLocal<ArrayDeque<Runnable>> QUEUE = new ThreadLocal<>();

    private Trampoline() {
    }

    static boolean active() {
        return QUEUE.get() != null;
    }

    /** Runs {@code r} now, or after the work already running on this thread's trampoline. */
    static void run(Runnable r) {
        ArrayDeque<Runnable> q = QUEUE.get();
        if (q != null) {
            q.add(r);
            return;
        }
        q = new ArrayDeque<>();
        QUEUE.set(q);
        try {
            q.add(r);
            for (Runnable next; (next = q.poll()) != null; ) {
                next.run();
            }
        } finally {
            QUEUE.remove();
        }
    }
}
