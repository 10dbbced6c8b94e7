import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final int CLIENTS = Integer.getInteger("clients", 8);
    static final int WINDOW = Integer.getInteger("window", 4);
    static final Duration WARMUP = Duration.ofSeconds(Long.getLong("warmupSeconds", 15));
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
        long start = System.currentTimeMillis();
        warm.set(true);
        Thread.sleep(RUN.toMillis());
        long end = System.currentTimeMillis();
        Duration cpuDuring = twinCpu().minus(cpuBefore);
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
        System.out.printf("projection lag    p50/p99  %d / %d ms  (%d deposits: acknowledged -> summary shows it)%n",
                percentile(lags, 50), percentile(lags, 99), lags.size());
        System.out.printf("SDK calls per saga         %.1f  (application clients, POST /orders included; the benchmark's"
                + " %d status polls at %d calls each taken out)%n", completedInWindow == 0 ? 0.0
                : (double) sagaCalls / completedInWindow, pollsDuring, pollCost);
        System.out.printf("twin CPU per saga           %.1f ms  (the twin process's CPU time over the window / sagas"
                + " completed; includes the API calls and status polls; %.0f%% of one core on average)%n",
                completedInWindow == 0 ? 0.0 : cpuDuring.toNanos() / 1e6 / completedInWindow,
                cpuDuring.toNanos() / 1e7 / seconds);
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

    /** Deposits 1 to the probe account and waits for the account summary to show that version. */
    static void probe(String account, AtomicBoolean warm, AtomicBoolean stop, List<Long> lags) {
        int n = 0;
        try {
            while (!stop.get()) {
                JsonNode deposit = send("POST", "/accounts/" + account + "/deposits",
                        Map.of("amount", 1, "commandId", "probe-" + n++ + "-" + UUID.randomUUID()));
                long acknowledged = System.nanoTime();
                long version = deposit.get("version").asLong();
                boolean measured = warm.get();
                while (!stop.get()) {
                    HttpResponse<byte[]> summary = raw("GET", "/_local/api/account-summaries/" + account, null);
                    if (summary.statusCode() == 200
                            && JSON.readTree(summary.body()).get("lastAppliedVersion").asLong() >= version) {
                        if (measured) {
                            lags.add((System.nanoTime() - acknowledged) / 1_000_000);
                        }
                        break;
                    }
                    Thread.sleep(2);
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
        HttpResponse<byte[]> response = raw(method, path, body);
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(response.body());
    }

    static HttpResponse<byte[]> raw(String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(60));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("content-type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

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
