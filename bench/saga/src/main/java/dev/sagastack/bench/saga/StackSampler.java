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

    private final Thread target;
    private final List<StackTraceElement[]> samples = new ArrayList<>();
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
        if (System.getProperty(property) == null) {
            return null;
        }
        StackSampler s = new StackSampler(Thread.currentThread(), Path.of(System.getProperty(property)));
        s.sampler.start();
        return s;
    }

    private void run() {
        while (running) {
            StackTraceElement[] stack = target.getStackTrace();
            synchronized (samples) {
                samples.add(stack);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void stopAndWrite() {
        running = false;
        StringBuilder out = new StringBuilder();
        synchronized (samples) {
            for (StackTraceElement[] stack : samples) {
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
