package dev.sagastack.bench.dynamodb;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
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
import software.amazon.awssdk.core.client.config.SdkClientConfiguration;
import software.amazon.awssdk.core.client.config.SdkClientOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The cost target's own measurement: the server started as its README starts it ({@code java -jar
 * sagastack-dynamodb.jar --port 0}, no JVM flags), a table with a NEW_AND_OLD_IMAGES stream, the
 * SDK's default client (no HTTP client named) with 8 threads, PutItem of new items (every put is an
 * INSERT stream record) and GetItem of existing ones. Prints per operation the server's CPU per call
 * (user+system of its process, from /proc) and this client JVM's CPU per call beside it. Every
 * measured run is printed, not the best one.
 *
 * <pre>java -cp ... dev.sagastack.bench.dynamodb.NewItemsBenchmark server.jar [seconds] [runs]</pre>
 */
public final class NewItemsBenchmark {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final String TABLE = "bench-new";
    private static final int PRELOADED = 20_000;
    private static final int THREADS = 8;
    private static final long WARM_UP_CALLS = 60_000;
    private static final String PAYLOAD = "x".repeat(150);

    private NewItemsBenchmark() {
    }

    interface Call {
        void run(DynamoDbClient client, ThreadLocalRandom random, String thread, long n);
    }

    public static void main(String[] args) throws Exception {
        Path jar = Files.createTempFile("sagastack-dynamodb-new-items", ".jar");
        jar.toFile().deleteOnExit();
        Files.copy(Path.of(args[0]), jar, StandardCopyOption.REPLACE_EXISTING);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-jar", jar.toString(), "--port", "0").redirectErrorStream(true).start();
        try {
            URI endpoint = awaitEndpoint(server);
            DynamoDbClient client = DynamoDbClient.builder()
                    .endpointOverride(endpoint)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                    .build();
            setUp(client);
            Map<String, Call> calls = new java.util.LinkedHashMap<>();
            AtomicLong runId = new AtomicLong();
            calls.put("PutItem (new item, stream record)", (c, r, thread, n) -> c.putItem(b -> b.tableName(TABLE)
                    .item(item("new-" + runId.get() + "-" + thread + "-" + n))));
            calls.put("GetItem", (c, r, thread, n) -> c.getItem(b -> b.tableName(TABLE)
                    .key(Map.of("pk", AttributeValue.fromS("pre-" + r.nextInt(PRELOADED))))));
            System.out.printf("server pid %d (java -jar, no JVM flags) at %s; client %s; %d threads; %d s per run; "
                    + "%d cores; load average %.1f%n", server.pid(), endpoint, httpClientName(client), THREADS, seconds,
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            // Warm-up: both JVMs compile the paths first. On a busy host a timed run makes few calls, so
            // rounds continue until every operation has made WARM_UP_CALLS calls (at most 10 rounds).
            Map<String, Long> warmed = new HashMap<>();
            for (int round = 0; round < 10 && warmed.values().stream().mapToLong(Long::longValue).min().orElse(0)
                    < WARM_UP_CALLS; round++) {
                for (Map.Entry<String, Call> e : calls.entrySet()) {
                    runId.incrementAndGet();
                    double[] r = run(client, e.getValue(), seconds, server.pid());
                    warmed.merge(e.getKey(), (long) (r[0] * seconds), Long::sum);
                }
            }
            System.out.println("warm-up calls: " + warmed);
            System.out.println("| operation | run | ops/s | server CPU µs/call | client CPU µs/call | load avg |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            for (int i = 1; i <= runs; i++) {
                for (Map.Entry<String, Call> e : calls.entrySet()) {
                    runId.incrementAndGet();
                    double[] r = run(client, e.getValue(), seconds, server.pid());
                    System.out.printf("| %s | %d | %,.0f | %.1f | %.1f | %.1f |%n", e.getKey(), i, r[0], r[1], r[2],
                            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                }
            }
            client.close();
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** ops/s, server CPU µs per call, client CPU µs per call. */
    private static double[] run(DynamoDbClient client, Call call, int seconds, long serverPid) throws Exception {
        AtomicLong done = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long[] deadline = new long[1];
        for (int t = 0; t < THREADS; t++) {
            String name = "t" + t;
            Thread thread = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long n = 0;
                while (System.nanoTime() < deadline[0]) {
                    call.run(client, random, name, n++);
                    done.incrementAndGet();
                }
            });
            thread.start();
            threads.add(thread);
        }
        long serverBefore = serverCpuNanos(serverPid);
        long clientBefore = clientCpuNanos();
        long begin = System.nanoTime();
        deadline[0] = begin + TimeUnit.SECONDS.toNanos(seconds);
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - begin;
        long serverCpu = serverCpuNanos(serverPid) - serverBefore;
        long clientCpu = clientCpuNanos() - clientBefore;
        long ops = done.get();
        return new double[] {ops * 1e9 / elapsed, serverCpu / 1e3 / ops, clientCpu / 1e3 / ops};
    }

    private static long clientCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The server process's user+system CPU time from /proc/PID/stat (clock ticks of 10 ms). */
    private static long serverCpuNanos(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    }

    private static void setUp(DynamoDbClient client) {
        client.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < PRELOADED; i++) {
            Map<String, AttributeValue> item = item("pre-" + i);
            batch.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
            if (batch.size() == 25) {
                List<WriteRequest> send = List.copyOf(batch);
                client.batchWriteItem(b -> b.requestItems(Map.of(TABLE, send)));
                batch.clear();
            }
        }
    }

    /** About 200 bytes as DynamoDB counts item size. */
    private static Map<String, AttributeValue> item(String pk) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(pk));
        item.put("status", AttributeValue.fromS("OPEN"));
        item.put("amount", AttributeValue.fromN("1234"));
        item.put("payload", AttributeValue.fromS(PAYLOAD));
        return item;
    }

    private static URI awaitEndpoint(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe from filling up
                        }
                    } catch (java.io.IOException ignored) {
                        // server gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return URI.create(m.group(1));
            }
        }
        throw new IllegalStateException("server exited before listening");
    }

    /** The HTTP client class the SDK picked (a private field of the built client). */
    private static String httpClientName(DynamoDbClient client) throws ReflectiveOperationException {
        Field field = client.getClass().getDeclaredField("clientConfiguration");
        field.setAccessible(true);
        SdkClientConfiguration configuration = (SdkClientConfiguration) field.get(client);
        return configuration.option(SdkClientOption.SYNC_HTTP_CLIENT).getClass().getSimpleName();
    }
}
