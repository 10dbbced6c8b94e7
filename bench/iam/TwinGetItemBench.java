import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server CPU per GetItem through the twin's DynamoDB endpoint with access control on and off, side by side: the twin
 * jar runs as its own process twice per round ({@code --iam on}, then {@code --iam off}); 8 client threads of the
 * AWS SDK v2 with its default HTTP client (signed as the administrator test/test) send GetItems of 200-byte items;
 * the server's CPU (the OS's count for its process) over the measured window, less its idle rate measured just
 * before, is divided by the calls completed.
 *   java -cp sagastack-local.jar bench/iam/TwinGetItemBench.java sagastack-local.jar [seconds] [rounds]
 */
public final class TwinGetItemBench {

    private static final int THREADS = 8;
    private static final int ITEMS = 1000;

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<String> rows = new ArrayList<>();
        // The first measurement of this JVM ran its client code cold (a third of the later request rate, so more
        // server wake-ups per call, about 15 µs more server CPU per GetItem on either side): one unreported
        // measurement warms the client first.
        double warmUp = measure(jar, "off", seconds);
        System.out.printf("warm-up of the client (not counted): iam off %.1f µs%n", warmUp);
        for (int round = 1; round <= rounds; round++) {
            // alternate which one runs first, so a change of the machine's load does not always favour one side
            boolean onFirst = round % 2 == 1;
            double first = measure(jar, onFirst ? "on" : "off", seconds);
            double second = measure(jar, onFirst ? "off" : "on", seconds);
            double on = onFirst ? first : second;
            double off = onFirst ? second : first;
            rows.add(String.format("round %d: iam on %.1f µs, iam off %.1f µs, added %.1f µs server CPU per GetItem",
                    round, on, off, on - off));
            System.out.println(rows.get(rows.size() - 1));
        }
        System.out.println("--- summary (" + THREADS + " threads, " + seconds + " s per measurement, cores "
                + Runtime.getRuntime().availableProcessors() + ")");
        rows.forEach(System.out::println);
    }

    private static double measure(String jar, String iam, int seconds) throws Exception {
        Process twin = new ProcessBuilder(javaBinary(), "-Xmx768m", "-jar", jar, "--port", "0", "--iam", iam)
                .redirectErrorStream(true).start();
        try {
            URI endpoint = dynamoDbEndpoint(twin);
            try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build()) {
                client.createTable(b -> b.tableName("bench-getitem").billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(a -> a.attributeName("PK").attributeType(ScalarAttributeType.S))
                        .keySchema(k -> k.attributeName("PK").keyType(KeyType.HASH)));
                String payload = "x".repeat(200);
                for (int i = 0; i < ITEMS; i++) {
                    int n = i;
                    client.putItem(b -> b.tableName("bench-getitem").item(Map.of("PK", AttributeValue.fromS("item-" + n),
                            "payload", AttributeValue.fromS(payload))));
                }
                run(client, Math.max(10, seconds)); // warm-up: the JIT compiles both sides' paths
                Thread.sleep(1000);
                long idleStart = cpuNanos(twin);
                long idleWall = System.nanoTime();
                Thread.sleep(3000);
                double idlePerNano = (double) (cpuNanos(twin) - idleStart) / (System.nanoTime() - idleWall);
                long cpuStart = cpuNanos(twin);
                long wallStart = System.nanoTime();
                long calls = run(client, seconds);
                long wall = System.nanoTime() - wallStart;
                long cpu = cpuNanos(twin) - cpuStart;
                double perCall = (cpu - idlePerNano * wall) / calls / 1000.0;
                System.out.printf("iam %-3s: %d GetItems in %d s (%.0f/s), server CPU %.1f µs per call (idle %.1f%% of a core"
                        + " subtracted)%n", iam, calls, seconds, calls / (wall / 1e9), perCall, idlePerNano * 100);
                return perCall;
            }
        } finally {
            twin.destroy();
            twin.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static long run(DynamoDbClient client, int seconds) throws InterruptedException {
        AtomicLong calls = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    String key = "item-" + random.nextInt(ITEMS);
                    if (!client.getItem(b -> b.tableName("bench-getitem").key(Map.of("PK", AttributeValue.fromS(key))))
                            .hasItem()) {
                        throw new IllegalStateException("missing " + key);
                    }
                    calls.incrementAndGet();
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return calls.get();
    }

    private static URI dynamoDbEndpoint(Process twin) throws Exception {
        CompletableFuture<URI> endpoint = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(twin.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    String trimmed = line.trim();
                    if (trimmed.startsWith("DynamoDB ") && trimmed.contains("http://")) {
                        endpoint.complete(URI.create(trimmed.substring(trimmed.indexOf("http://")).split("\\s")[0]));
                    }
                    if (trimmed.contains("IAM ENFORCEMENT IS OFF") || trimmed.startsWith("access ")) {
                        System.out.println("  twin: " + trimmed);
                    }
                }
            } catch (Exception e) {
                endpoint.completeExceptionally(e);
            }
            endpoint.completeExceptionally(new IllegalStateException("the twin exited before printing its endpoint"));
        }, "twin-output");
        pump.setDaemon(true);
        pump.start();
        return endpoint.get(180, TimeUnit.SECONDS);
    }

    private static long cpuNanos(Process process) {
        return process.info().totalCpuDuration().orElseThrow().toNanos();
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
