package dev.sagastack.bench.dynamodb;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Drives PutItem, GetItem, Query (25-item page) and a 2-item TransactWriteItems through the AWS
 * SDK v2 against the server running in its own process, with 1 and 8 client threads, and reports
 * throughput, latency percentiles and the server process's CPU time per operation (CPU time of the
 * server process over the run, from the OS, divided by the operations completed).
 */
public final class DynamoDbBenchmark {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final String TABLE = "bench";
    private static final int PARTITIONS = 2000;
    private static final int ITEMS_PER_PARTITION = 30;
    private static final String PAYLOAD = "x".repeat(150);

    private DynamoDbBenchmark() {
    }

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));

    interface Operation {
        void run(DynamoDbClient client, ThreadLocalRandom random);
    }

    public static void main(String[] args) throws Exception {
        // Run a private copy: parallel builds may rewrite the module's jar while the server runs.
        Path jar = java.nio.file.Files.createTempFile("sagastack-dynamodb-bench", ".jar");
        jar.toFile().deleteOnExit();
        java.nio.file.Files.copy(Path.of(args[0]), jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Streams keep 24 hours of records (with NEW_AND_OLD_IMAGES, every version of every item written),
        // so the server gets room for them; the 1 GiB item-memory target is checked by MemoryCheck.
        // The heap is touched at start so the page faults of a growing old generation are not charged
        // to whichever requests first use its pages (a one-time cost, like JIT compilation).
        List<String> command = new ArrayList<>(List.of(java, "-Xms4g", "-Xmx4g", "-XX:+UseParallelGC",
                "-XX:+AlwaysPreTouch"));
        String extra = System.getenv("SERVER_JVM_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "--port", "0"));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            URI endpoint = awaitEndpoint(server);
            System.out.printf("server pid %d at %s; %d s per scenario; %d cores%n", server.pid(), endpoint, seconds,
                    Runtime.getRuntime().availableProcessors());
            // The SDK's default: no HTTP client named, so the SDK picks one from the class path (with the
            // dynamodb module's own runtime dependencies, Apache5HttpClient).
            DynamoDbClient client = local(DynamoDbClient.builder(), endpoint).build();
            setUp(client);
            Map<String, Operation> operations = new java.util.LinkedHashMap<>();
            operations.put("PutItem", DynamoDbBenchmark::put);
            operations.put("GetItem", DynamoDbBenchmark::get);
            operations.put("Query(25)", DynamoDbBenchmark::query);
            operations.put("TransactWrite(2)", DynamoDbBenchmark::transact);
            warmUp(client, operations, server.pid(), seconds);
            System.out.println("client: SDK default (" + httpClientName(client) + ")");
            measure(client, operations, server.pid(), seconds);
            // Side by side, the two point operations through the two other ways of building the client:
            // the URL-connection client with its defaults (request bodies streamed with a fixed length, so
            // headers and body leave as two TCP segments) and as the functions configure it (lambdas'
            // SdkHttp: the same client with buffered bodies, one segment).
            Map<String, Operation> pointOperations = new java.util.LinkedHashMap<>();
            pointOperations.put("PutItem", DynamoDbBenchmark::put);
            pointOperations.put("GetItem", DynamoDbBenchmark::get);
            DynamoDbClient streamed = local(DynamoDbClient.builder(), endpoint)
                    .httpClient(UrlConnectionHttpClient.builder().build())
                    .build();
            warmUp(streamed, pointOperations, server.pid(), seconds);
            System.out.println("client: URL connection with its defaults (fixed-length streamed bodies)");
            measure(streamed, pointOperations, server.pid(), seconds);
            streamed.close();
            DynamoDbClient buffered = local(dev.sagastack.config.SdkHttp.configure(DynamoDbClient.builder()), endpoint)
                    .build();
            warmUp(buffered, pointOperations, server.pid(), seconds);
            System.out.println("client: URL connection with buffered bodies, as lambdas' SdkHttp configures it");
            measure(buffered, pointOperations, server.pid(), seconds);
            buffered.close();
            client.close();
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The server's endpoint, its region and the benchmark's credentials, on a client builder. */
    private static software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder local(
            software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder builder, URI endpoint) {
        return builder.endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS);
    }

    /** The class of the HTTP client the SDK chose for a client built without one. */
    private static String httpClientName(DynamoDbClient client) throws ReflectiveOperationException {
        java.lang.reflect.Field field = client.getClass().getDeclaredField("clientConfiguration");
        field.setAccessible(true);
        software.amazon.awssdk.core.client.config.SdkClientConfiguration configuration =
                (software.amazon.awssdk.core.client.config.SdkClientConfiguration) field.get(client);
        return configuration.option(software.amazon.awssdk.core.client.config.SdkClientOption.SYNC_HTTP_CLIENT)
                .getClass().getSimpleName();
    }

    /** Runs each operation with 1 and 8 client threads and prints one row per run. */
    private static void measure(DynamoDbClient client, Map<String, Operation> operations, long pid, int seconds)
            throws Exception {
        System.out.printf("%-18s %7s %9s %8s %8s %17s %8s %8s %17s%n", "operation", "threads", "ops/s", "p50 ms",
                "p99 ms", "server CPU us/op", "sys %", "JIT %", "excl. JIT us/op");
        for (Map.Entry<String, Operation> e : operations.entrySet()) {
            for (int threads : new int[] {1, 8}) {
                long jitBefore = jitNanos(pid);
                long sysBefore = sysTicks(pid);
                Result r = run(client, e.getValue(), threads, seconds, pid);
                double jitMicros = (jitNanos(pid) - jitBefore) / 1000.0;
                long sys = sysTicks(pid) - sysBefore;
                double cpuMicros = Math.max(1, r.serverCpuMicrosPerOp() * r.operations());
                System.out.printf("%-18s %7d %9.0f %8.3f %8.3f %17.1f %8.1f %8.1f %17.1f%n", e.getKey(), threads,
                        r.opsPerSecond(), r.p50Millis(), r.p99Millis(), r.serverCpuMicrosPerOp(),
                        100.0 * sys * 10_000 / cpuMicros, 100.0 * jitMicros / cpuMicros,
                        (cpuMicros - jitMicros) / r.operations());
            }
        }
    }

    private static URI awaitEndpoint(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> out.lines().forEach(System.err::println));
                drain.setDaemon(true);
                drain.start();
                return URI.create(m.group(1));
            }
            System.err.println(line);
        }
        throw new IllegalStateException("server did not start");
    }

    private static void setUp(DynamoDbClient client) {
        client.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        List<Thread> loaders = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int first = t;
            Thread loader = new Thread(() -> {
                for (int p = first; p < PARTITIONS; p += 8) {
                    List<WriteRequest> batch = new ArrayList<>();
                    for (int i = 0; i < ITEMS_PER_PARTITION; i++) {
                        Map<String, AttributeValue> it = item(partition(p), i);
                        batch.add(WriteRequest.builder().putRequest(w -> w.item(it)).build());
                        if (batch.size() == 25) {
                            List<WriteRequest> send = batch;
                            client.batchWriteItem(r -> r.requestItems(Map.of(TABLE, send)));
                            batch = new ArrayList<>();
                        }
                    }
                    if (!batch.isEmpty()) {
                        List<WriteRequest> send = batch;
                        client.batchWriteItem(r -> r.requestItems(Map.of(TABLE, send)));
                    }
                }
            });
            loader.start();
            loaders.add(loader);
        }
        for (Thread l : loaders) {
            try {
                l.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String partition(int p) {
        return "customer#" + p;
    }

    private static String sortKey(int i) {
        return String.format("order#%05d", i);
    }

    /** About 200 bytes as DynamoDB counts item size. */
    private static Map<String, AttributeValue> item(String pk, int i) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(pk));
        item.put("sk", AttributeValue.fromS(sortKey(i)));
        item.put("amount", AttributeValue.fromN(Integer.toString(i * 100)));
        item.put("status", AttributeValue.fromS("OPEN"));
        item.put("payload", AttributeValue.fromS(PAYLOAD));
        return item;
    }

    private static void put(DynamoDbClient c, ThreadLocalRandom r) {
        c.putItem(b -> b.tableName(TABLE).item(item(partition(r.nextInt(PARTITIONS)), r.nextInt(ITEMS_PER_PARTITION))));
    }

    private static void get(DynamoDbClient c, ThreadLocalRandom r) {
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(partition(r.nextInt(PARTITIONS))),
                "sk", AttributeValue.fromS(sortKey(r.nextInt(ITEMS_PER_PARTITION))));
        if (!c.getItem(b -> b.tableName(TABLE).key(key)).hasItem()) {
            throw new IllegalStateException("missing item " + key);
        }
    }

    private static void query(DynamoDbClient c, ThreadLocalRandom r) {
        int n = c.query(b -> b.tableName(TABLE).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition(r.nextInt(PARTITIONS)))))
                .limit(25)).count();
        if (n != 25) {
            throw new IllegalStateException("query returned " + n);
        }
    }

    private static void transact(DynamoDbClient c, ThreadLocalRandom r) {
        int p = r.nextInt(PARTITIONS);
        int i = r.nextInt(ITEMS_PER_PARTITION - 1);
        c.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(w -> w.tableName(TABLE).item(item(partition(p), i))
                        .conditionExpression("attribute_exists(pk)")).build(),
                TransactWriteItem.builder().update(u -> u.tableName(TABLE)
                        .key(Map.of("pk", AttributeValue.fromS(partition(p)), "sk", AttributeValue.fromS(sortKey(i + 1))))
                        .updateExpression("SET amount = amount + :one")
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))).build()));
    }

    record Result(double opsPerSecond, double p50Millis, double p99Millis, double serverCpuMicrosPerOp,
            long operations) {
    }

    /**
     * Runs every operation with 1 and with 8 client threads, in rounds shaped like the measurement
     * (same order, same run length), until in one whole round no (operation, threads) run spent 2% or
     * more of the server's CPU in its JIT compiler threads (at most 8 rounds): compilation is a
     * one-time cost that would otherwise be charged to whichever operation happens to be measured
     * while it runs. Code shared by the operations is recompiled when a later operation changes its
     * profile, and the client's idle pooled connections expire after 5 s (so a 1-thread run of that
     * length closes the other seven and the next 8-thread run opens new ones, paths the server's
     * compiled code has to have seen), so one short pass per operation is not enough.
     */
    private static void warmUp(DynamoDbClient client, Map<String, Operation> operations, long pid, int seconds)
            throws Exception {
        for (int round = 1; round <= 8; round++) {
            double worst = 0;
            String worstRun = "";
            for (Map.Entry<String, Operation> op : operations.entrySet()) {
                for (int threads : new int[] {1, 8}) {
                    long jitBefore = jitNanos(pid);
                    Duration cpuBefore = cpu(pid);
                    run(client, op.getValue(), threads, seconds, pid);
                    double share = (jitNanos(pid) - jitBefore)
                            / (double) Math.max(1, cpu(pid).minus(cpuBefore).toNanos());
                    if (share >= worst) {
                        worst = share;
                        worstRun = op.getKey() + " x" + threads;
                    }
                }
            }
            System.out.printf("warm-up round %d: JIT compilers used at most %.1f%% of server CPU (%s)%n", round,
                    100 * worst, worstRun);
            if (worst < 0.02) {
                return;
            }
        }
    }

    /** System (kernel) CPU clock ticks used so far by the server process. */
    private static long sysTicks(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[12]);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /**
     * CPU time in nanoseconds used so far by the server's JIT compiler threads (from schedstat, which
     * is exact, where the clock-tick counters would round a 2-second run's compilations to 10 ms).
     */
    private static long jitNanos(long pid) {
        long nanos = 0;
        java.io.File[] tasks = new java.io.File("/proc/" + pid + "/task").listFiles();
        if (tasks == null) {
            return 0;
        }
        for (java.io.File task : tasks) {
            try {
                String comm = java.nio.file.Files.readString(task.toPath().resolve("comm")).trim();
                if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                    String schedstat = java.nio.file.Files.readString(task.toPath().resolve("schedstat"));
                    nanos += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                }
            } catch (java.io.IOException | RuntimeException gone) {
                // thread ended
            }
        }
        return nanos;
    }

    private static Result run(DynamoDbClient client, Operation op, int threads, int seconds, long serverPid)
            throws Exception {
        long[] deadline = new long[1];
        List<long[][]> latencies = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            long[][] lat = {new long[65536]};
            int[] count = new int[1];
            latencies.add(lat);
            counts.add(count);
            Thread worker = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    start.await();
                    while (System.nanoTime() < deadline[0]) {
                        long t0 = System.nanoTime();
                        op.run(client, random);
                        if (count[0] == lat[0].length) {
                            lat[0] = Arrays.copyOf(lat[0], lat[0].length * 2);
                        }
                        lat[0][count[0]++] = System.nanoTime() - t0;
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            });
            worker.start();
        }
        Duration cpuBefore = cpu(serverPid);
        long t0 = System.nanoTime();
        deadline[0] = t0 + TimeUnit.SECONDS.toNanos(seconds);
        start.countDown();
        done.await();
        long elapsed = System.nanoTime() - t0;
        Duration cpuAfter = cpu(serverPid);
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " worker(s) failed");
        }
        int total = counts.stream().mapToInt(c -> c[0]).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies.get(t)[0], 0, all, at, counts.get(t)[0]);
            at += counts.get(t)[0];
        }
        Arrays.sort(all);
        double cpuMicros = (cpuAfter.toNanos() - cpuBefore.toNanos()) / 1000.0;
        return new Result(total / (elapsed / 1e9), all[(int) (total * 0.50)] / 1e6,
                all[Math.min(total - 1, (int) (total * 0.99))] / 1e6, cpuMicros / total, total);
    }

    /** The server process's user+system CPU time, from /proc (clock ticks) where available. */
    private static Duration cpu(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
            return Duration.ofMillis(ticks * 10); // USER_HZ is 100 on Linux
        } catch (java.io.IOException e) {
            return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).orElseThrow();
        }
    }
}
