package dev.sagastack.bench.dax;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.dax.ClusterDaxClient;
import software.amazon.dax.Configuration;

/**
 * GetItem through the local DAX (item-cache hits) against GetItem straight to the engine, 8 client
 * threads each, measuring the server process's CPU time per call ({@code ProcessHandle} total CPU).
 */
public final class DaxBenchmark {

    private static final int THREADS = 8;
    private static final int ITEMS = 1000;
    private static final String TABLE = "bench";

    private record Result(double callsPerSecond, double p50Millis, double p99Millis, double serverCpuMicrosPerCall,
            long calls) {
    }

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        int seconds = Integer.parseInt(args[1]);
        int port = freePort();
        int daxPort = freePort();
        Process server = new ProcessBuilder("java", "-jar", jar, "--port", Integer.toString(port),
                "--dax-port", Integer.toString(daxPort)).redirectErrorStream(true).start();
        try {
            awaitDax(server);
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
            try (DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                    .region(Region.US_EAST_1).credentialsProvider(credentials).build();
                    DynamoDbClient dax = ClusterDaxClient.builder().overrideConfiguration(Configuration.builder()
                            .url("dax://127.0.0.1:" + daxPort).region(Region.US_EAST_1)
                            .credentialsProvider(credentials).build()).build()) {
                fill(ddb);
                System.out.printf("server pid %d, %d items of ~200 bytes, %d client threads, %d s per scenario%n",
                        server.pid(), ITEMS, THREADS, seconds);
                run("warm-up DAX", dax, server.pid(), seconds);
                run("warm-up engine", ddb, server.pid(), seconds);
                Result d = run("GetItem through DAX (item cache hit)", dax, server.pid(), seconds);
                Result e = run("GetItem straight to the engine (HTTP)", ddb, server.pid(), seconds);
                System.out.printf("server CPU per call: DAX cache hit %.1f us vs engine GetItem %.1f us (%.2fx)%n",
                        d.serverCpuMicrosPerCall(), e.serverCpuMicrosPerCall(),
                        e.serverCpuMicrosPerCall() / d.serverCpuMicrosPerCall());
            }
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private static void fill(DynamoDbClient ddb) {
        ddb.createTable(CreateTableRequest.builder().tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                        .attributeType(ScalarAttributeType.S).build()).build());
        for (int i = 0; i < ITEMS; i++) {
            ddb.putItem(PutItemRequest.builder().tableName(TABLE).item(Map.of(
                    "pk", AttributeValue.fromS("user#" + i), "name", AttributeValue.fromS("User number " + i),
                    "email", AttributeValue.fromS("user" + i + "@example.com"),
                    "bio", AttributeValue.fromS("x".repeat(120)), "visits", AttributeValue.fromN(Integer.toString(i))))
                    .build());
        }
    }

    private static Result run(String name, DynamoDbClient client, long pid, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Duration cpuBefore = cpu(pid);
        long start = System.nanoTime();
        List<Future<long[]>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int seed = t;
            futures.add(pool.submit(() -> {
                long[] latencies = new long[1 << 22];
                int n = 0;
                int i = seed * 97;
                while (System.nanoTime() < end && n < latencies.length) {
                    long t0 = System.nanoTime();
                    var r = client.getItem(GetItemRequest.builder().tableName(TABLE)
                            .key(Map.of("pk", AttributeValue.fromS("user#" + (i++ % ITEMS)))).build());
                    latencies[n++] = System.nanoTime() - t0;
                    if (!r.hasItem()) {
                        throw new IllegalStateException("missing item");
                    }
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            all.add(f.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Duration cpuAfter = cpu(pid);
        pool.shutdown();
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long calls = merged.length;
        Result r = new Result(calls / elapsed, merged[(int) (calls * 0.5)] / 1e6,
                merged[Math.min((int) calls - 1, (int) (calls * 0.99))] / 1e6,
                (cpuAfter.toNanos() - cpuBefore.toNanos()) / 1000.0 / calls, calls);
        System.out.printf("%-40s %8.0f calls/s  p50 %6.2f ms  p99 %6.2f ms  server CPU %7.1f us/call  (%d calls)%n",
                name, r.callsPerSecond(), r.p50Millis(), r.p99Millis(), r.serverCpuMicrosPerCall(), r.calls());
        return r;
    }

    private static Duration cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).orElseThrow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitDax(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            System.out.println("server: " + line);
            if (line.startsWith("sagastack DAX listening")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "server-output");
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new IllegalStateException("the server ended before DAX was listening");
    }
}
