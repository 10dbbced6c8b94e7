package dev.sagastack.bench.saga;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.sagastack.functions.InvocationContext;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs in a fresh JVM whose class path is the shaded Lambda jar (plus this class): loads one handler
 * class, constructs it with the no-arg constructor as Lambda does (configuration from the environment),
 * invokes it once (cold), then {@code warm} more times, and prints one result line.
 *
 * <p>Args: handlerClass, payload template ({@code {i}} becomes the invocation number), warm count.
 * Stream handlers get the payload bytes (as Lambda hands them over); {@code HttpApiHandler} gets the JSON of an
 * HTTP API payload 2.0 GET of the payload path (a path template: {@link HttpApiEvents}), which it reads itself as
 * a stream handler (a {@code RequestHandler} would get it deserialised by Lambda's own event serializers). A first response that is not a success fails the probe.
 */
public final class ColdStartProbe {

    public static final String RESULT_PREFIX = "BENCH_RESULT ";

    private ColdStartProbe() {
    }

    private static final int FIRST_WARM = 30;
    /** The step functions' timeout (infra): what the context reports as time left. */
    private static final long PROBE_TIMEOUT_NANOS = 20_000_000_000L;

    public static void main(String[] args) throws Exception {
        String handlerClass = args[0];
        String template = args[1];
        int warm = Integer.parseInt(args[2]);

        long cpuAtMain = ProcessCpu.millis();
        StackSampler sampler = StackSampler.startIfAsked("probe.sample");
        long t0 = System.nanoTime();
        Class<?> type = Class.forName(handlerClass);
        Object handler = type.getConstructor().newInstance();
        long constructed = System.nanoTime();
        long cpuAtConstructed = ProcessCpu.millis();
        String first = invoke(handler, template.replace("{i}", "0"), true);
        long firstDone = System.nanoTime();
        // CPU the JVM spent until the first response (all threads, also those that have ended): on a shared,
        // overloaded machine wall time mostly measures waiting for a core, this measures the work. Read first,
        // from /proc, so that the management classes the probe needs below stay out of it
        long cpuMillis = ProcessCpu.millis();
        long firstDoneMillis = System.currentTimeMillis();
        if (System.getProperty("probe.threads") != null) {
            writeThreadCpu(java.nio.file.Path.of(System.getProperty("probe.threads")), handlerClass);
        }
        if (sampler != null) {
            sampler.stopAndWrite();
        }
        // the JVM's start time is fixed at its start; read only now, so that the management classes the
        // probe needs (and a Lambda runtime does not load) stay out of the measured cold start
        long coldTotalMillis = firstDoneMillis - ManagementFactory.getRuntimeMXBean().getStartTime();
        HttpApiEvents.requireSuccess(first);

        double[] warmMillis = new double[warm];
        double[] warmCpuMillis = new double[warm];
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        StackSampler warmSampler = StackSampler.startIfAsked("probe.sampleWarm");
        for (int i = 1; i <= warm; i++) {
            String payload = template.replace("{i}", Integer.toString(i));
            long c = threads.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            HttpApiEvents.requireSuccess(invoke(handler, payload, false));
            warmMillis[i - 1] = (System.nanoTime() - s) / 1e6;
            // the handler thread's own CPU: what the function does, without waiting for the engine or a core
            warmCpuMillis[i - 1] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
        }
        if (warmSampler != null) {
            warmSampler.stopAndWrite();
        }
        // the first 30 warm invocations on their own: the code still runs partly interpreted then (Lambda's C1-only
        // JIT compiles a method after about 200 calls), so they show what a container's first requests see
        double[] first30 = Arrays.copyOf(warmMillis, Math.min(FIRST_WARM, warmMillis.length));
        Arrays.sort(first30);
        Arrays.sort(warmMillis);
        Arrays.sort(warmCpuMillis);
        System.out.println(RESULT_PREFIX + String.format(Locale.ROOT,
                "{\"handler\":\"%s\",\"jvmStartToFirstResponseMs\":%d,\"cpuToFirstResponseMs\":%d,"
                        + "\"cpuAtMainMs\":%d,\"cpuAtConstructedMs\":%d,\"loadAndConstructMs\":%.1f,"
                        + "\"firstInvocationMs\":%.1f,\"warmP50Ms\":%.2f,\"warmP90Ms\":%.2f,\"warmMaxMs\":%.2f,"
                        + "\"warmCpuP50Ms\":%.2f,\"warmFirst30P50Ms\":%.2f,"
                        + "\"firstResponse\":%s}",
                type.getSimpleName(), coldTotalMillis, cpuMillis, cpuAtMain, cpuAtConstructed, (constructed - t0) / 1e6, (firstDone - constructed) / 1e6,
                percentile(warmMillis, 0.5), percentile(warmMillis, 0.9),
                warmMillis.length == 0 ? 0 : warmMillis[warmMillis.length - 1], percentile(warmCpuMillis, 0.5),
                percentile(first30, 0.5), quote(first)));
        System.exit(0);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String invoke(Object handler, String payload, boolean coldStart) throws Exception {
        String function = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "bench");
        // Lambda's runtime hands the request id over; a random UUID here would seed a SecureRandom on the
        // probe's account inside the measured cold start
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Context context = new InvocationContext(new UUID(random.nextLong(), random.nextLong()).toString(), function,
                "arn:aws:lambda:us-east-1:123456789012:function:" + function + ":live", "1", "bench", 1024,
                System.nanoTime() + PROBE_TIMEOUT_NANOS, InvocationContext.STANDARD_OUTPUT, coldStart);
        if (handler instanceof RequestStreamHandler stream && payload.startsWith("/")) {
            return HttpApiEvents.invoke(stream, payload, context);
        }
        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out, context);
            return out.toString(StandardCharsets.UTF_8);
        }
        return HttpApiEvents.invoke((RequestHandler) handler, payload, context);
    }

    /**
     * {@code -Dprobe.threads=FILE}: appends each live thread's CPU time until now to FILE, one line per JVM
     * (profiling, not the figures).
     */
    private static void writeThreadCpu(java.nio.file.Path file, String handler) throws java.io.IOException {
        StringBuilder line = new StringBuilder(handler.substring(handler.lastIndexOf('.') + 1));
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path task : tasks.toList()) {
                String name = java.nio.file.Files.readString(task.resolve("comm")).trim();
                long ns = Long.parseLong(java.nio.file.Files.readString(task.resolve("schedstat")).split(" ")[0]);
                if (ns >= 2_000_000) {
                    line.append(String.format(java.util.Locale.ROOT, " %s=%.0f", name.replace(' ', '_'), ns / 1e6));
                }
            }
        }
        java.nio.file.Files.writeString(file, line.append('\n'), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String quote(String s) {
        String trimmed = s.length() > 300 ? s.substring(0, 300) : s;
        return "\"" + trimmed.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }

}
