import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.local.iam.CredentialStore;
import dev.sagastack.local.twin.access.ExecuteApiSigner;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives the twin's HTTP API with 8 concurrent clients for 30 s of orders and prints sagas completed per
 * second, p50/p99 from POST /orders to the saga's end, projection lag p50/p99 (a deposit acknowledged to
 * the account summary showing it), and AWS SDK calls per saga. Started by bench/twin/run.sh, which builds
 * the twin; this program starts the twin's jar itself, so the figures include nothing but the twin.
 *
 * Each client keeps up to WINDOW orders in flight: it posts until the window is full, then waits for its
 * oldest order to finish (polling GET /orders/{id}). The time to the saga's end is taken afterwards from
 * the execution's stopDate, so polling does not blur it.
 */
public final class TwinBench {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The API's routes are IAM-authorized: requests are signed (SigV4, execute-api) as the twin's administrator. */
    static final ExecuteApiSigner SIGNER = new ExecuteApiSigner(CredentialStore.local().administrator(), "us-east-1");
    static final int CLIENTS = Integer.getInteger("clients", 8);
    static final int WINDOW = Integer.getInteger("window", 4);
    static final Duration WARMUP = Duration.ofSeconds(Long.getLong("warmupSeconds", 120));
    static final Duration RUN = Duration.ofSeconds(Long.getLong("seconds", 30));

    static URI api;
    static ProcessHandle twinProcess;

    record Placed(String orderId, long postedAtMillis, boolean measured) {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "local/twin/target/sagastack-local.jar");
        Path log = Files.createTempFile("twin-bench", ".log");
        List<String> command = new ArrayList<>(List.of("java"));
        String jvmOptions = System.getProperty("twinJvm", "").trim();
        if (!jvmOptions.isEmpty()) {
            command.addAll(List.of(jvmOptions.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "--port", "0"));
        Process twin = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            api = awaitApi(log, twin);
            twinProcess = twin.toHandle();
            System.out.println("twin at " + api + " (log " + log + ")");
            run();
        } finally {
            twin.destroy();
            twin.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static void run() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String[]> customers = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String user = send("POST", "/users", Map.of("email", "bench" + i + "-" + run + "@example.com",
                    "displayName", "bench " + i)).get("userId").asText();
            String account = send("POST", "/accounts", Map.of("ownerId", user, "currency", "EUR",
                    "commandId", "open-" + run + i)).get("accountId").asText();
            send("POST", "/accounts/" + account + "/deposits", Map.of("amount", 1_000_000_000L, "commandId", "dep-" + run + i));
            customers.add(new String[]{user, account});
        }
        String probeUser = send("POST", "/users", Map.of("email", "probe-" + run + "@example.com", "displayName", "probe"))
                .get("userId").asText();
        String probeAccount = send("POST", "/accounts", Map.of("ownerId", probeUser, "currency", "EUR",
                "commandId", "open-probe-" + run)).get("accountId").asText();
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String sku = "bench-" + run + "-" + i;
            send("PUT", "/inventory/" + sku, Map.of("available", 10_000_000L));
            skus.add(sku);
        }
        long pollCost = sdkCallsPerStatusPoll(customers.get(0));

        AtomicBoolean warm = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        List<Placed> placed = Collections.synchronizedList(new ArrayList<>());
        AtomicLong polls = new AtomicLong();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            String[] customer = customers.get(c);
            int client = c;
            Thread thread = new Thread(() -> client(customer, skus, client, warm, stop, placed, polls), "client-" + c);
            clients.add(thread);
        }
        List<Long> lags = Collections.synchronizedList(new ArrayList<>());
        Thread probe = new Thread(() -> probe(probeAccount, warm, stop, lags), "lag-probe");
        clients.forEach(Thread::start);
        probe.start();
        System.out.printf("warming up %d s, then measuring %d s with %d clients (window %d)%n",
                WARMUP.toSeconds(), RUN.toSeconds(), CLIENTS, WINDOW);
        Thread.sleep(WARMUP.toMillis());
        Map<String, Long> callsBefore = sdkCalls();
        Map<String, Long> byFunctionBefore = sdkCallsByFunction();
        long pollsBefore = polls.get();
        Duration cpuBefore = twinCpu();
        CpuSnapshot machineBefore = CpuSnapshot.take(twinProcess);
        long start = System.currentTimeMillis();
        warm.set(true);
        Thread.sleep(RUN.toMillis());
        long end = System.currentTimeMillis();
        Duration cpuDuring = twinCpu().minus(cpuBefore);
        CpuSnapshot machineAfter = CpuSnapshot.take(twinProcess);
        Map<String, Long> callsAfter = sdkCalls();
        Map<String, Long> byFunctionAfter = sdkCallsByFunction();
        long pollsDuring = polls.get() - pollsBefore;
        stop.set(true);
        for (Thread thread : clients) {
            thread.join();
        }
        probe.join();

        Map<String, Instant> stopDates = executionStops();
        List<Long> latencies = new ArrayList<>();
        int completedInWindow = 0;
        int measuredOrders = 0;
        for (Placed order : placed) {
            Instant stopped = stopDates.get(order.orderId());
            if (stopped != null && stopped.toEpochMilli() >= start && stopped.toEpochMilli() < end) {
                completedInWindow++;
            }
            if (order.measured() && order.postedAtMillis() < end) {
                measuredOrders++;
                if (stopped != null) {
                    latencies.add(stopped.toEpochMilli() - order.postedAtMillis());
                }
            }
        }
        double seconds = (end - start) / 1000.0;
        long appCalls = 0;
        long pollerCalls = 0;
        Map<String, Long> perOperation = new java.util.TreeMap<>();
        for (Map.Entry<String, Long> entry : callsAfter.entrySet()) {
            long delta = entry.getValue() - callsBefore.getOrDefault(entry.getKey(), 0L);
            if (entry.getKey().startsWith("DynamoDbStreams.")) {
                pollerCalls += delta;
            } else {
                appCalls += delta;
                perOperation.put(entry.getKey(), delta);
            }
        }
        long sagaCalls = appCalls - pollsDuring * pollCost;
        System.out.println();
        System.out.printf("sagas completed/s          %.1f  (%d sagas ended in %.1f s)%n", completedInWindow / seconds,
                completedInWindow, seconds);
        System.out.printf("POST -> saga end  p50/p99  %d / %d ms  (%d of %d orders posted in the window ended)%n",
                percentile(latencies, 50), percentile(latencies, 99), latencies.size(), measuredOrders);
        System.out.printf("projection lag    p50/p99  %d / %d ms  (%d deposits: acknowledged -> summary written; %s)%n",
                percentile(lags, 50), percentile(lags, 99), lags.size(), deployedWindow());
        int[] outcomes = outcomes(placed, Duration.ofSeconds(Long.getLong("settleSeconds", 60)));
        System.out.printf("saga outcomes              %d confirmed, %d cancelled, %d needs attention, %d did not finish"
                + "  (all %d orders placed; each polled until terminal, up to %d s after the load)%n",
                outcomes[0], outcomes[1], outcomes[2], outcomes[3], placed.size(), Long.getLong("settleSeconds", 60));
        System.out.printf("SDK calls per saga         %.1f  (application clients, POST /orders included; the benchmark's"
                + " %d status polls at %d calls each taken out)%n", completedInWindow == 0 ? 0.0
                : (double) sagaCalls / completedInWindow, pollsDuring, pollCost);
        System.out.printf("twin CPU per saga           %.1f ms  (the twin process's CPU time over the window / sagas"
                + " completed; includes the API calls and status polls; %.0f%% of one core on average)%n",
                completedInWindow == 0 ? 0.0 : cpuDuring.toNanos() / 1e6 / completedInWindow,
                cpuDuring.toNanos() / 1e7 / seconds);
        if (completedInWindow > 0) {
            System.out.println(machineAfter.minus(machineBefore).perSaga(completedInWindow, seconds));
        }
        System.out.printf("  by operation over the window: %s%n", perOperation);
        System.out.printf("  stream poller calls (the Lambda service's work in AWS): %d%n", pollerCalls);
        StringBuilder byFunction = new StringBuilder();
        for (Map.Entry<String, Long> entry : byFunctionAfter.entrySet()) {
            long delta = entry.getValue() - byFunctionBefore.getOrDefault(entry.getKey(), 0L);
            if (delta > 0 && completedInWindow > 0) {
                byFunction.append(String.format("%n    %-52s %.2f", entry.getKey(), (double) delta / completedInWindow));
            }
        }
        System.out.println("  SDK calls per saga by function (HttpApi includes the benchmark's polls):" + byFunction);
        StringBuilder functions = new StringBuilder();
        for (JsonNode function : send("GET", "/_local/metrics", null).get("functions")) {
            if (function.get("invocations").asLong() > 0) {
                functions.append(String.format(" %s %d x %.1f ms;", function.get("function").asText(),
                        function.get("invocations").asLong(), function.get("averageMicros").asLong() / 1000.0));
            }
        }
        System.out.println("  function invocations, mean time (whole run):" + functions);
        System.out.println("  stream mappings: " + send("GET", "/_local/metrics", null).get("streamMappings"));
    }

    /**
     * CPU time (ms) by where it was spent: the twin's threads grouped by name (Linux /proc; empty elsewhere),
     * embedded PostgreSQL's processes, and this benchmark's own JVM (the HTTP clients). Threads or processes
     * that end inside the window are missed, so the parts can sum to a little less than the whole.
     */
    record CpuSnapshot(Map<String, Double> twinThreads, double postgres, double benchmark) {
        private static final double MS_PER_TICK = 10.0; // USER_HZ is 100 on Linux

        static CpuSnapshot take(ProcessHandle twin) {
            Map<String, Double> groups = new java.util.TreeMap<>();
            Path tasks = Path.of("/proc", Long.toString(twin.pid()), "task");
            try (var threads = Files.list(tasks)) {
                for (Path task : (Iterable<Path>) threads::iterator) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        double ms = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MS_PER_TICK;
                        groups.merge(group(name), ms, Double::sum);
                    } catch (java.io.IOException | RuntimeException threadEnded) {
                        // the thread ended between listing and reading
                    }
                }
            } catch (java.io.IOException notLinux) {
                // no per-thread figures
            }
            // embedded PostgreSQL's server processes are not the twin's children (pg_ctl detaches them): take
            // every postgres process started after the twin
            Instant twinStarted = twin.info().startInstant().orElse(Instant.EPOCH);
            double postgres = ProcessHandle.allProcesses()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                    .filter(p -> !p.info().startInstant().orElse(Instant.EPOCH).isBefore(twinStarted))
                    .mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(0.0)).sum();
            double self = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(0.0);
            return new CpuSnapshot(groups, postgres, self);
        }

        private static String group(String thread) {
            if (thread.startsWith("lambda-")) {
                return "functions";
            }
            if (thread.startsWith("Jetty") || thread.startsWith("qtp")) {
                return "HTTP API";
            }
            if (thread.startsWith("C1 ") || thread.startsWith("C2 ")) {
                return "JIT";
            }
            if (thread.startsWith("G1 ") || thread.startsWith("GC ") || thread.equals("VM Thread")) {
                return "GC";
            }
            if (thread.startsWith("esm-")) {
                return "stream pollers";
            }
            if (thread.startsWith("sfn-")) {
                return "Step Functions";
            }
            return "other";
        }

        CpuSnapshot minus(CpuSnapshot before) {
            Map<String, Double> groups = new java.util.TreeMap<>();
            twinThreads.forEach((k, v) -> groups.put(k, v - before.twinThreads.getOrDefault(k, 0.0)));
            return new CpuSnapshot(groups, postgres - before.postgres, benchmark - before.benchmark);
        }

        String perSaga(int sagas, double seconds) {
            double twin = twinThreads.values().stream().mapToDouble(Double::doubleValue).sum();
            StringBuilder threads = new StringBuilder();
            twinThreads.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> threads.append(String.format(" %s %.1f,", e.getKey(), e.getValue() / sagas)));
            double total = twin + postgres + benchmark;
            return String.format("machine CPU per saga        %.1f ms  (%.0f%% of %d cores): twin threads %.1f ms (%s),"
                            + " PostgreSQL %.1f ms, this benchmark's clients %.1f ms",
                    total / sagas, 100 * total / (seconds * 1000 * Runtime.getRuntime().availableProcessors()),
                    Runtime.getRuntime().availableProcessors(), twin / sagas,
                    threads.length() == 0 ? "per-thread figures need Linux" : threads.substring(1, threads.length() - 1),
                    postgres / sagas, benchmark / sagas);
        }
    }

    static Duration twinCpu() {
        return twinProcess.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    static void client(String[] customer, List<String> skus, int client, AtomicBoolean warm, AtomicBoolean stop,
                       List<Placed> placed, AtomicLong polls) {
        ArrayDeque<String> inFlight = new ArrayDeque<>();
        int n = 0;
        try {
            while (!stop.get()) {
                while (inFlight.size() < WINDOW && !stop.get()) {
                    String sku = skus.get((client * 31 + n++) % skus.size());
                    long posted = System.currentTimeMillis();
                    boolean measured = warm.get();
                    JsonNode created = send("POST", "/orders", Map.of("userId", customer[0], "accountId", customer[1],
                            "currency", "EUR", "items", List.of(Map.of("sku", sku, "quantity", 1, "unitPrice", 100))));
                    placed.add(new Placed(created.get("orderId").asText(), posted, measured));
                    inFlight.add(created.get("orderId").asText());
                }
                String oldest = inFlight.peek();
                while (!stop.get()) {
                    polls.incrementAndGet();
                    String status = send("GET", "/orders/" + oldest, null).get("status").asText();
                    if (!status.equals("PENDING")) {
                        inFlight.poll();
                        break;
                    }
                    Thread.sleep(10);
                }
            }
        } catch (Exception e) {
            if (!stop.get()) {
                e.printStackTrace();
            }
        }
    }

    /**
     * Deposits 1 to the probe account and waits for the account summary to show that version. The lag is the
     * summary's {@code updatedAt} (when the projection wrote it; same machine clock) minus the moment the deposit
     * was acknowledged, or 0 when the summary was written before the acknowledgement arrived. Reading
     * {@code updatedAt} instead of timing the polls keeps the figure exact while the probe polls only every
     * 20 ms, so the probe itself does not load the twin.
     */
    static void probe(String account, AtomicBoolean warm, AtomicBoolean stop, List<Long> lags) {
        int n = 0;
        try {
            while (!stop.get()) {
                JsonNode deposit = send("POST", "/accounts/" + account + "/deposits",
                        Map.of("amount", 1, "commandId", "probe-" + n++ + "-" + UUID.randomUUID()));
                Instant acknowledged = Instant.now();
                long version = deposit.get("version").asLong();
                boolean measured = warm.get();
                while (!stop.get()) {
                    Reply summary = raw("GET", "/_local/api/account-summaries/" + account, null);
                    if (summary.statusCode() == 200) {
                        JsonNode item = JSON.readTree(summary.body());
                        if (item.get("lastAppliedVersion").asLong() >= version) {
                            if (measured) {
                                Instant written = Instant.parse(item.get("updatedAt").asText());
                                lags.add(Math.max(0, Duration.between(acknowledged, written).toMillis()));
                            }
                            break;
                        }
                    }
                    Thread.sleep(20);
                }
                Thread.sleep(50);
            }
        } catch (Exception e) {
            if (!stop.get()) {
                e.printStackTrace();
            }
        }
    }

    /** SDK calls that one GET /orders/{id} costs, measured on the idle twin. */
    static long sdkCallsPerStatusPoll(String[] customer) throws Exception {
        JsonNode created = send("POST", "/orders", Map.of("userId", customer[0], "accountId", customer[1],
                "currency", "EUR", "items", List.of(Map.of("sku", "bench-none", "quantity", 1, "unitPrice", 100))));
        String orderId = created.get("orderId").asText();
        Thread.sleep(3_000);
        Map<String, Long> before = sdkCalls();
        for (int i = 0; i < 20; i++) {
            send("GET", "/orders/" + orderId, null);
        }
        Map<String, Long> after = sdkCalls();
        long calls = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            if (!e.getKey().startsWith("DynamoDbStreams.")) {
                calls += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
        }
        return Math.round(calls / 20.0);
    }

    static Map<String, Long> sdkCalls() throws Exception {
        Map<String, Long> calls = new HashMap<>();
        send("GET", "/_local/metrics", null).get("sdkCalls").fields()
                .forEachRemaining(e -> calls.put(e.getKey(), e.getValue().asLong()));
        return calls;
    }

    static Map<String, Long> sdkCallsByFunction() throws Exception {
        Map<String, Long> calls = new HashMap<>();
        send("GET", "/_local/metrics", null).get("sdkCallsByFunction").fields()
                .forEachRemaining(e -> calls.put(e.getKey(), e.getValue().asLong()));
        return calls;
    }

    static Map<String, Instant> executionStops() throws Exception {
        Map<String, Instant> stops = new ConcurrentHashMap<>();
        int offset = 0;
        while (true) {
            JsonNode page = send("GET", "/_local/api/executions?limit=100&offset=" + offset, null);
            for (JsonNode execution : page.get("items")) {
                if (execution.hasNonNull("stopDate")) {
                    stops.put(execution.get("name").asText(), Instant.parse(execution.get("stopDate").asText()));
                }
            }
            offset += 100;
            if (offset >= page.get("total").asInt()) {
                return stops;
            }
        }
    }

    /**
     * The batching window the twin's stream mapping runs with, which is the template's (the twin has no local
     * override of mapping settings; a different window needs an edited assembly run with --cloud-assembly).
     */
    static String deployedWindow() throws Exception {
        StringBuilder text = new StringBuilder();
        for (JsonNode mapping : send("GET", "/_local/api/mappings", null)) {
            text.append(text.isEmpty() ? "" : ", ").append(mapping.get("functionName").asText()).append(" window ")
                    .append(mapping.get("maximumBatchingWindowInSeconds").asLong()).append(" s as deployed");
        }
        return text.isEmpty() ? "no stream mapping" : text.toString();
    }

    /** Every placed order's final status: CONFIRMED, CANCELLED, NEEDS_ATTENTION, or not finished after the wait. */
    static int[] outcomes(List<Placed> placed, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        Map<String, String> status = new java.util.HashMap<>();
        List<String> open = new ArrayList<>(placed.stream().map(Placed::orderId).toList());
        while (!open.isEmpty()) {
            List<String> still = new ArrayList<>();
            for (String id : open) {
                String s = send("GET", "/orders/" + id, null).get("status").asText();
                status.put(id, s);
                if (s.equals("PENDING")) {
                    still.add(id);
                }
            }
            open = still;
            if (open.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        int[] counts = new int[4];
        for (String s : status.values()) {
            switch (s) {
                case "CONFIRMED" -> counts[0]++;
                case "CANCELLED" -> counts[1]++;
                case "NEEDS_ATTENTION" -> counts[2]++;
                default -> counts[3]++;
            }
        }
        return counts;
    }

    static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static JsonNode send(String method, String path, Object body) throws Exception {
        Reply response = raw(method, path, body);
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(response.body());
    }

    static Reply raw(String method, String path, Object body) throws Exception {
        return CONNECTION.get().exchange(method, path, body == null ? null : JSON.writeValueAsBytes(body));
    }

    record Reply(int statusCode, byte[] body) {
    }

    /**
     * One keep-alive HTTP/1.1 connection per client thread, written in one segment per request (TCP_NODELAY)
     * and read with blocking calls. The JDK's HttpClient costs several times the CPU per request (its selector
     * thread and asynchronous hand-offs), CPU that this benchmark would take from the twin on the same cores.
     */
    static final class Connection {
        private java.net.Socket socket;
        private java.io.InputStream in;
        private java.io.OutputStream out;

        Reply exchange(String method, String path, byte[] body) throws java.io.IOException {
            for (int attempt = 1; ; attempt++) {
                boolean reused = socket != null;
                try {
                    if (socket == null) {
                        open();
                    }
                    write(method, path, body);
                    return read(method);
                } catch (java.io.IOException e) {
                    close();
                    if (!reused || attempt > 1) {
                        throw e; // a fresh connection failed: no point in retrying
                    }
                    // the server closed an idle kept-alive connection: retry once on a new one
                }
            }
        }

        private void open() throws java.io.IOException {
            socket = new java.net.Socket(api.getHost(), api.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }

        private void write(String method, String path, byte[] body) throws java.io.IOException {
            StringBuilder head = new StringBuilder(160).append(method).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: ").append(api.getHost()).append(':').append(api.getPort())
                    .append("\r\nAccept: application/json\r\n");
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            } else if (!method.equals("GET")) {
                head.append("Content-Length: 0\r\n");
            }
            SIGNER.signedHeaders(method, api.resolve(path), body == null ? Map.of() : Map.of("Content-Type",
                    "application/json"), body == null ? new byte[0] : body).forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Type")) {
                    head.append(name).append(": ").append(String.join(",", values)).append("\r\n");
                }
            });
            head.append("\r\n");
            byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] request = new byte[headBytes.length + (body == null ? 0 : body.length)];
            System.arraycopy(headBytes, 0, request, 0, headBytes.length);
            if (body != null) {
                System.arraycopy(body, 0, request, headBytes.length, body.length);
            }
            out.write(request);
        }

        private Reply read(String method) throws java.io.IOException {
            String status = line();
            if (status == null) {
                throw new java.io.EOFException("connection closed before the response");
            }
            int code = Integer.parseInt(status.split(" ", 3)[1]);
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); header != null && !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding")) {
                    chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
                } else if (name.equals("connection")) {
                    close = value.equalsIgnoreCase("close");
                }
            }
            byte[] body;
            if (method.equals("HEAD") || code == 204 || code == 304) {
                body = new byte[0];
            } else if (chunked) {
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                     size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    all.write(in.readNBytes(size));
                    line();
                }
                for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used
                }
                body = all.toByteArray();
            } else if (length >= 0) {
                body = in.readNBytes((int) length);
            } else {
                body = in.readAllBytes();
                close = true;
            }
            if (close) {
                close();
            }
            return new Reply(code, body);
        }

        private String line() throws java.io.IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return line.length() == 0 ? null : line.toString();
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        private void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (java.io.IOException ignored) {
                    // already gone
                }
                socket = null;
            }
        }
    }

    static final ThreadLocal<Connection> CONNECTION = ThreadLocal.withInitial(Connection::new);

    static URI awaitApi(Path log, Process twin) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!twin.isAlive()) {
                throw new IllegalStateException("the twin exited; see " + log);
            }
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                String trimmed = line.trim();
                if (trimmed.startsWith("HTTP API")) {
                    return URI.create(trimmed.substring("HTTP API".length()).trim());
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the twin did not start; see " + log);
    }
}
