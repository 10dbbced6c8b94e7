package dev.sagastack.bench.saga;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A crude profiler for the probes ({@code -Dprobe.sample=FILE}): a daemon thread records the main thread's
 * stack every millisecond until the first response, and writes one line per sample (frames leaf first,
 * separated by {@code ;}) so that where a cold start spends its time can be counted over several JVMs.
 * Samples are taken at safepoints and the sampler costs CPU itself: for attribution, not for the figures.
 */
final class StackSampler {

    /** The thread to sample, or null for every running thread but the sampler ({@code -Dprobe.sampleAll=FILE}). */
    private final Thread target;
    private final List<StackTraceElement[]> samples = new ArrayList<>();
    private final List<String> sampledThreads = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private final Path file;

    private StackSampler(Thread target, Path file) {
        this.target = target;
        this.file = file;
        this.sampler = new Thread(this::run, "stack-sampler");
        sampler.setDaemon(true);
    }

    /**
     * Starts sampling the calling thread when the system property {@code property} ({@code probe.sample} for the
     * cold start, {@code probe.sampleWarm} for the warm invocations) names a file, else returns null.
     */
    static StackSampler startIfAsked(String property) {
        boolean everyThread = "probe.sample".equals(property) && System.getProperty("probe.sampleAll") != null;
        String file = everyThread ? System.getProperty("probe.sampleAll") : System.getProperty(property);
        if (file == null) {
            return null;
        }
        StackSampler s = new StackSampler(everyThread ? null : Thread.currentThread(), Path.of(file));
        s.sampler.start();
        return s;
    }

    private void run() {
        while (running) {
            if (target != null) {
                StackTraceElement[] stack = target.getStackTrace();
                synchronized (samples) {
                    samples.add(stack);
                    sampledThreads.add(target.getName());
                }
            } else {
                sampleEveryRunningThread();
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Threads parked, sleeping or waiting in a selector are not using a core: they are left out. */
    private void sampleEveryRunningThread() {
        for (var entry : Thread.getAllStackTraces().entrySet()) {
            Thread thread = entry.getKey();
            StackTraceElement[] stack = entry.getValue();
            if (thread == sampler || thread.getState() != Thread.State.RUNNABLE || stack.length == 0
                    || isWaitingForIo(stack[0])) {
                continue;
            }
            synchronized (samples) {
                samples.add(stack);
                sampledThreads.add(thread.getName());
            }
        }
    }

    private static boolean isWaitingForIo(StackTraceElement top) {
        String method = top.getMethodName();
        return method.equals("epollWait") || method.equals("poll") || method.equals("accept0")
                || method.equals("socketRead0") || method.equals("read0") || method.equals("wait0");
    }

    void stopAndWrite() {
        running = false;
        StringBuilder out = new StringBuilder();
        synchronized (samples) {
            for (int i = 0; i < samples.size(); i++) {
                StackTraceElement[] stack = samples.get(i);
                if (target == null) {
                    out.append(sampledThreads.get(i)).append('|');
                }
                for (StackTraceElement frame : stack) {
                    out.append(frame.getClassName()).append('.').append(frame.getMethodName()).append(';');
                }
                out.append('\n');
            }
        }
        try {
            Files.writeString(file, out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
