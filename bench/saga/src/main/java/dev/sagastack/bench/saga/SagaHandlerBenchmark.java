package dev.sagastack.bench.saga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.account.AccountService;
import dev.sagastack.account.AccountSettings;
import dev.sagastack.account.Money;
import dev.sagastack.account.Payments;
import dev.sagastack.dynamo.DynamoClients;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.inventory.InventoryDatabase;
import dev.sagastack.inventory.InventoryDatabaseSettings;
import dev.sagastack.inventory.InventoryService;
import dev.sagastack.inventory.ReservationLine;
import dev.sagastack.inventory.SchemaMigrations;
import dev.sagastack.local.dynamodb.DynamoDbServer;
import dev.sagastack.local.dynamodb.dax.DaxServer;
import dev.sagastack.order.NewOrder;
import dev.sagastack.order.OrderLine;
import dev.sagastack.order.OrderRepository;
import dev.sagastack.order.OrderStatus;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.schema.TableSpecs;
import dev.sagastack.schema.Tables;
import dev.sagastack.shipment.NewShipment;
import dev.sagastack.shipment.ShipmentLine;
import dev.sagastack.shipment.ShipmentRepository;
import dev.sagastack.user.NewUser;
import dev.sagastack.user.UserRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Cold and warm invocations of every saga handler and the HTTP API handler, each cold start in a
 * fresh JVM that loads only the shaded Lambda jar, against the embedded DynamoDB-compatible server
 * and embedded PostgreSQL hosted by this driver. Prints one table and the jar size.
 *
 * <p>Args: path of the shaded jar, class directory of this module, warm invocations per handler.
 */
public final class SagaHandlerBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<String> probeJvmOptions = List.of();
    /** Issue 13's targets: cold CPU per handler, warm p50, jar size. */
    private static final long COLD_CPU_TARGET_MS = 900;
    private static final double WARM_P50_TARGET_MS = 10;
    private static final long JAR_TARGET_BYTES = 30L * 1000 * 1000;
    /** As Lambda's Java runtime: C1 only, serial GC, IPv4, heap of a 1024 MB function. */
    private static final List<String> LAMBDA_JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xmx768m", "-Djava.net.preferIPv4Stack=true");
    /** A probe's figures: whole milliseconds, and fractional ones (medians keep each kind). */
    private static final List<String> LONG_COLUMNS = List.of("cold", "cpu", "ref");
    private static final List<String> DOUBLE_COLUMNS = List.of("construct", "first", "p50", "p90", "cpu50", "first30", "wall");

    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:OrderSaga:bench";

    private SagaHandlerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        // Lambda extracts a .jar deployment package into /var/task and its runtime loads the function's classes
        // from that directory (CustomerClassLoader: /var/task, then /var/task/lib/*.jar), not from the archive
        Path taskRoot = extract(jar, Path.of("bench/saga/target/task"));
        Path probeClasses = Path.of(args[1]);
        int warm = Integer.parseInt(args[2]);
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");

        BenchTls tls = BenchTls.create(Path.of("bench/saga/target/tls"));
        String cursorKeyParameter = "/sagastack/bench/cursor-key";
        try (DynamoDbServer dynamoServer = DynamoDbServer.start(DynamoDbServer.Options.defaults());
             TlsFront dynamoTls = TlsFront.start(tls.serverContext(), dynamoServer.port());
             // the cluster's TLS endpoint (daxs://) presents the same AWS-shaped certificate chain as the others
             DaxServer dax = DaxServer.start(dynamoServer.api(), DaxServer.Options.defaults().withHost("127.0.0.1")
                     .withTlsPort(0).withTlsContext(tls.serverContext()));
             BenchSsm ssm = BenchSsm.start(tls.serverContext(), cursorKeyParameter,
                     Base64.getEncoder().encodeToString(new byte[32]));
             // TLS on, as RDS Proxy requires it; the embedded server trusts local connections, so the IAM
             // token the functions sign is sent (over verify-full TLS) but not checked
             EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                     .setServerConfig("ssl", "on")
                     .setServerConfig("ssl_cert_file", tls.certificatePem().toAbsolutePath().toString())
                     .setServerConfig("ssl_key_file", tls.privateKeyPem().toAbsolutePath().toString())
                     .start()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE inventory");
            }
            InventoryDatabaseSettings settings = new InventoryDatabaseSettings("127.0.0.1", postgres.getPort(),
                    "inventory", "postgres", InventoryDatabaseSettings.Auth.PASSWORD, Optional.of("postgres"), null);
            SchemaMigrations.migrate(InventoryDatabase.connectionFactory(settings));
            Path trustStore = tls.trustStore(List.of());

            // what a function gets in AWS: https endpoints, IAM auth to the database over TLS, role credentials
            // with a session token; the API also gets the DAX cluster (daxs://) and the cursor key's parameter
            Map<String, String> env = new LinkedHashMap<>();
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", "ASIAIOSFODNN7EXAMPLE");
            env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
            env.put("AWS_SESSION_TOKEN", "IQoJb3JpZ2luX2VjEXAMPLETOKEN");
            // each endpoint by the name a function uses in AWS, resolved to 127.0.0.1 by the probes' hosts file
            env.put("AWS_ENDPOINT_URL_DYNAMODB", "https://" + BenchTls.DYNAMODB + ":" + dynamoTls.endpoint().getPort());
            // Lambda's own variables for an on-demand function (Developer Guide, "Defined runtime environment
            // variables"; Powertools reads AWS_LAMBDA_INITIALIZATION_TYPE for the first invocation's cold_start)
            env.put("AWS_DEFAULT_REGION", "us-east-1");
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
            // the template's integrations invoke the alias "live", which runs the function's published version
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
            // Powertools as infra sets it for every function (JavaFunction), at the prod stage's log level
            env.put("POWERTOOLS_SERVICE_NAME", "sagastack");
            env.put("POWERTOOLS_METRICS_NAMESPACE", "Sagastack");
            env.put("POWERTOOLS_LOG_LEVEL", "INFO");
            env.put("SINGLE_TABLE_NAME", "bench-single");
            env.put("EVENT_STORE_TABLE_NAME", "bench-events");
            env.put("INVENTORY_DB_HOST", BenchTls.RDS_PROXY);
            env.put("INVENTORY_DB_PORT", Integer.toString(postgres.getPort()));
            env.put("INVENTORY_DB_NAME", "inventory");
            env.put("INVENTORY_DB_USER", "postgres");
            env.put("INVENTORY_DB_AUTH", "iam");
            env.put("ORDER_SAGA_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:123456789012:stateMachine:OrderSaga");
            Map<String, String> apiEnv = new LinkedHashMap<>();
            apiEnv.put("CURSOR_KEY_PARAMETER", cursorKeyParameter);
            apiEnv.put("AWS_ENDPOINT_URL_SSM", "https://" + BenchTls.SSM + ":" + ssm.endpoint().getPort());
            apiEnv.put("DAX_ENDPOINT", "daxs://" + BenchTls.DAX_CLUSTER + ":" + dax.tlsEndpoint().orElseThrow().getPort());
            probeJvmOptions = List.of("-Djavax.net.ssl.trustStore=" + trustStore.toAbsolutePath(),
                    "-Djavax.net.ssl.trustStoreType=JKS", "-Djavax.net.ssl.trustStorePassword=" + BenchTls.PASSWORD,
                    "-Djdk.net.hosts.file=" + tls.hostsFile().toAbsolutePath());

            // -Dbench.env.NAME=value sets a function environment variable (e.g. SNAPSHOT_EVERY) for a comparison
            System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith("bench.env."))
                    .forEach(n -> env.put(n.substring("bench.env.".length()), System.getProperty(n)));
            // each handler is probed this many times (fresh JVMs, one after the other); the table shows medians
            int repeats = Integer.getInteger("bench.repeat", 3);
            Fixtures fixtures = prepare(dynamoServer, settings, warm, repeats);
            System.out.println("load average at start: " + loadAverage());
            List<Map<String, Object>> rows = new ArrayList<>();
            // -Dbench.only=ConfirmOrder,CreateShipment runs a subset; -Dbench.probeJvmArgs adds probe JVM
            // options (e.g. -Xlog:class+load:file=...) for profiling
            List<String> only = List.of(System.getProperty("bench.only", "").split(",")).stream()
                    .filter(s -> !s.isBlank()).toList();
            for (String[] probe : probes(fixtures)) {
                if (!only.isEmpty() && !only.contains(probe[0])) {
                    continue;
                }
                List<Map<String, Object>> runs = new ArrayList<>();
                for (int r = 0; r < repeats; r++) {
                    Map<String, String> functionEnv = new LinkedHashMap<>(env);
                    if (probe[0].startsWith("HttpApi")) {
                        functionEnv.putAll(apiEnv);
                    }
                    long reference = Boolean.getBoolean("bench.hold") ? 0 : reference(probeClasses);
                    Map<String, Object> run = run(taskRoot, probeClasses, functionEnv, probe[0], probe[1],
                            probe[2].replace("{i}", r + "x{i}"), warm);
                    run.put("ref", reference);
                    runs.add(run);
                }
                rows.add(median(runs));
            }
            if (Boolean.getBoolean("bench.hold")) {
                // -Dbench.hold=true: the engines stay up and each probe is a script to rerun by hand (profiling)
                System.out.println("probe scripts in bench/saga/target/probes; engines up until this process is stopped");
                Thread.sleep(Long.MAX_VALUE);
            }
            print(rows, jar);
        }
    }

    private record Fixtures(String userId, String accountId) {
    }

    /** Data each handler needs for a first and {@code warm} more real (not replayed) invocations. */
    private static Fixtures prepare(DynamoDbServer server, InventoryDatabaseSettings settings, int warm, int repeats) {
        Clock clock = Clock.systemUTC();
        try (DynamoDbClient dynamo = DynamoClients.create(DynamoClients.Settings.local(server.endpoint()));
             InventoryDatabase database = InventoryDatabase.connect(InventoryDatabase.connectionFactory(settings))) {
            dynamo.createTable(TableSpecs.createTableRequest(Tables.SINGLE_TABLE, "bench-single"));
            dynamo.createTable(TableSpecs.createTableRequest(Tables.EVENT_STORE, "bench-events"));
            InventoryService inventory = InventoryService.create(database);
            inventory.setAvailable("BENCH", 1_000_000);
            String userId = UserRepository.create(dynamo, "bench-single", clock)
                    .create(new NewUser("bench@example.com", "Bench")).userId();
            EventStore store = EventStore.create(dynamo, "bench-events", clock);
            AccountService accounts = AccountService.create(store, AccountSettings.defaults(), clock);
            String accountId = "acc-bench";
            accounts.open(accountId, userId, "EUR", "open-bench");
            accounts.deposit(accountId, Money.of(1_000_000_000L, "EUR"), "fund-bench");
            Payments payments = Payments.create(accounts, store);
            OrderRepository orders = OrderRepository.create(dynamo, "bench-single",
                    new PageCursors(() -> new byte[32]), clock);
            ShipmentRepository shipments = ShipmentRepository.create(dynamo, "bench-single", clock);
            warmEngines(inventory, accounts, payments, orders, shipments, userId);
            for (int r = 0; r < repeats; r++) {
                for (int n = 0; n <= warm; n++) {
                    String i = r + "x" + n; // what a probe's "{r}x{i}" becomes in repetition r
                    inventory.reserve("bench-release-" + i, List.of(new ReservationLine("BENCH", 1)));
                    payments.charge(accountId, "bench-refund-" + i, Money.of(100, "EUR"));
                    // accounts the payment functions meet once each: nothing remembered, every step loads first
                    for (String kind : List.of("pay", "refund")) {
                        accounts.open("acc-" + kind + "-" + i, userId, "EUR", "open-" + kind + "-" + i);
                        accounts.deposit("acc-" + kind + "-" + i, Money.of(1_000_000L, "EUR"), "fund-" + kind + "-" + i);
                    }
                    payments.charge("acc-refund-" + i, "bench-refund-once-" + i, Money.of(100, "EUR"));
                    shipments.create(new NewShipment("bench-unship-" + i, userId,
                            List.of(new ShipmentLine("BENCH", 1))));
                    for (String kind : List.of("confirm", "cancel", "attention")) {
                        orders.create(new NewOrder("bench-" + kind + "-" + i, userId,
                                List.of(new OrderLine("BENCH", 1, 100)), "EUR"));
                    }
                }
            }
            return new Fixtures(userId, accountId);
        }
    }

    /**
     * Runs every kind of request the steps make against the engines of this JVM for a while (default 15 s,
     * {@code -Dbench.engineWarmupSeconds}), so that their code is compiled before the probes measure: in AWS
     * DynamoDB and the database are warm services, and a warm invocation should not pay for the local
     * engine's JIT. Uses its own ids (account {@code acc-warmup}, orders {@code warmup-*}).
     */
    private static void warmEngines(InventoryService inventory, AccountService accounts, Payments payments,
                                    OrderRepository orders, ShipmentRepository shipments, String userId) {
        long seconds = Long.getLong("bench.engineWarmupSeconds", 15);
        accounts.open("acc-warmup", userId, "EUR", "open-warmup");
        accounts.deposit("acc-warmup", Money.of(1_000_000_000L, "EUR"), "fund-warmup");
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int rounds = 0;
        while (System.nanoTime() < end) {
            String id = "warmup-" + rounds++;
            inventory.reserve(id, List.of(new ReservationLine("BENCH", 1)));
            inventory.release(id);
            payments.charge("acc-warmup", id, Money.of(1, "EUR"));
            payments.refund("acc-warmup", id, Money.of(1, "EUR"));
            payments.refund("acc-warmup", id + "-uncharged");
            shipments.create(new NewShipment(id, userId, List.of(new ShipmentLine("BENCH", 1))));
            shipments.cancelAndReport(id);
            orders.create(new NewOrder(id, userId, List.of(new OrderLine("BENCH", 1, 100)), "EUR"));
            orders.transition(id, OrderStatus.CONFIRMED, Optional.empty()); // created here: its owner is known
            orders.get(id);
        }
        System.out.printf("engines warmed up: %d rounds of the steps' requests in %d s; compiler idle after %d ms%n",
                rounds, seconds, awaitCompilerIdle());
    }

    /** Waits (up to 20 s) until this JVM's JIT has compiled nothing for 1 s, so no probe shares the cores with it. */
    private static long awaitCompilerIdle() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        long last = jit.getTotalCompilationTime();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - start < 20_000_000_000L && System.nanoTime() - quietSince < 1_000_000_000L) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            long now = jit.getTotalCompilationTime();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** {function name, handler class, payload template}. */
    private static List<String[]> probes(Fixtures f) {
        String failure = "\"failure\":{\"step\":\"ProcessPayment\",\"error\":\"InsufficientFunds\",\"kind\":\"business\","
                + "\"cause\":\"bench\"}";
        String exec = ",\"executionArn\":\"" + EXECUTION + "\"}";
        // the order steps get the order's user id, as statemachines/order-saga.asl.json passes it
        String user = ",\"userId\":\"" + f.userId() + "\"";
        return List.of(
                new String[] {"ReserveInventory", "dev.sagastack.handlers.saga.ReserveInventoryHandler",
                        "{\"orderId\":\"bench-reserve-{i}\",\"items\":[{\"sku\":\"BENCH\",\"quantity\":1}]" + exec},
                new String[] {"ReleaseInventory", "dev.sagastack.handlers.saga.ReleaseInventoryHandler",
                        "{\"orderId\":\"bench-release-{i}\"" + exec},
                new String[] {"ProcessPayment", "dev.sagastack.handlers.saga.ProcessPaymentHandler",
                        "{\"orderId\":\"bench-pay-{i}\",\"accountId\":\"" + f.accountId()
                                + "\",\"amount\":100,\"currency\":\"EUR\"" + exec},
                new String[] {"RefundPayment", "dev.sagastack.handlers.saga.RefundPaymentHandler",
                        "{\"orderId\":\"bench-refund-{i}\",\"accountId\":\"" + f.accountId()
                                + "\",\"amount\":100,\"currency\":\"EUR\"" + exec},
                new String[] {"ProcessPaymentOnce", "dev.sagastack.handlers.saga.ProcessPaymentHandler",
                        "{\"orderId\":\"bench-pay-once-{i}\",\"accountId\":\"acc-pay-{i}\",\"amount\":100,"
                                + "\"currency\":\"EUR\"" + exec},
                new String[] {"RefundPaymentOnce", "dev.sagastack.handlers.saga.RefundPaymentHandler",
                        "{\"orderId\":\"bench-refund-once-{i}\",\"accountId\":\"acc-refund-{i}\",\"amount\":100,"
                                + "\"currency\":\"EUR\"" + exec},
                new String[] {"CreateShipment", "dev.sagastack.handlers.saga.CreateShipmentHandler",
                        "{\"orderId\":\"bench-ship-{i}\",\"userId\":\"" + f.userId()
                                + "\",\"items\":[{\"sku\":\"BENCH\",\"quantity\":1}]" + exec},
                new String[] {"CancelShipment", "dev.sagastack.handlers.saga.CancelShipmentHandler",
                        "{\"orderId\":\"bench-unship-{i}\"" + exec},
                new String[] {"ConfirmOrder", "dev.sagastack.handlers.saga.ConfirmOrderHandler",
                        "{\"orderId\":\"bench-confirm-{i}\"" + user + exec},
                new String[] {"MarkOrderCancelled", "dev.sagastack.handlers.saga.MarkOrderCancelledHandler",
                        "{\"orderId\":\"bench-cancel-{i}\"" + user + "," + failure + exec},
                new String[] {"MarkNeedsAttention", "dev.sagastack.handlers.saga.MarkNeedsAttentionHandler",
                        "{\"orderId\":\"bench-attention-{i}\"" + user + "," + failure + ",\"compensationFailure\":{\"step\":"
                                + "\"RefundPayment\",\"error\":\"dev.sagastack.saga.TransientError\",\"cause\":\"bench\"}"
                                + ",\"undone\":[]" + exec},
                new String[] {"HttpApi", "dev.sagastack.handlers.api.HttpApiHandler", "/orders/bench-confirm-{i}"},
                // a read the stage sends through DAX (eventually consistent GET /users/{id})
                new String[] {"HttpApiUser", "dev.sagastack.handlers.api.HttpApiHandler", "/users/" + f.userId()},
                // a listing with a next page: its cursor is signed with the key the function reads from SSM
                // at its first cursor (the other API probes never sign one)
                new String[] {"HttpApiList", "dev.sagastack.handlers.api.HttpApiHandler",
                        "/accounts/" + f.accountId() + "/events?limit=1"});
    }

    /** Unzips the deployment package into a fresh {@code directory}, as Lambda does into /var/task. */
    private static Path extract(Path jar, Path directory) throws java.io.IOException {
        if (Files.exists(directory)) {
            try (var old = Files.walk(directory)) {
                for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(directory);
        Path root = directory.toAbsolutePath().normalize();
        try (var zip = new java.util.zip.ZipInputStream(Files.newInputStream(jar))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IllegalStateException("entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
        return directory;
    }

    /** CPU ms of {@link Reference} in a fresh JVM with the probes' flags: how fast the machine is right now. */
    private static long reference(Path probeClasses) throws Exception {
        String javaHome = System.getProperty("bench.probeJavaHome", System.getProperty("java.home"));
        List<String> command = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString()));
        command.addAll(LAMBDA_JVM_FLAGS);
        command.addAll(List.of("-cp", probeClasses.toString(), Reference.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 || !out.startsWith(Reference.PREFIX)) {
            throw new IllegalStateException("reference run failed: " + out);
        }
        return Long.parseLong(out.substring(Reference.PREFIX.length()).trim().split(" ")[0]);
    }

    private static Map<String, Object> run(Path taskRoot, Path probeClasses, Map<String, String> env, String function,
                                           String handlerClass, String template, int warm) throws Exception {
        // -Dbench.probeJavaHome=... runs the probes on another JDK (e.g. one closer to the deployed Java 21)
        String javaHome = System.getProperty("bench.probeJavaHome", System.getProperty("java.home"));
        List<String> command = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString()));
        command.addAll(LAMBDA_JVM_FLAGS);
        command.addAll(probeJvmOptions);
        for (String extra : System.getProperty("bench.probeJvmArgs", "").split(" ")) {
            if (!extra.isBlank()) {
                command.add(extra.replace("{function}", function));
            }
        }
        // the Lambda Java runtime's event serializers sit beside the function's jar, as in the runtime
        String serialization = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> e.contains("aws-lambda-java-serialization")).findFirst()
                .orElseThrow(() -> new IllegalStateException("aws-lambda-java-serialization is not on the class path"));
        command.addAll(List.of("-cp", taskRoot + java.io.File.pathSeparator + probeClasses + java.io.File.pathSeparator + serialization,
                ColdStartProbe.class.getName(), handlerClass, template, Integer.toString(warm)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", function);
        if (Boolean.getBoolean("bench.hold")) {
            return writeProbeScript(function, builder);
        }
        long spawned = System.nanoTime();
        Process process = builder.start();
        String result = null;
        List<String> tail = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(ColdStartProbe.RESULT_PREFIX)) {
                    result = line.substring(ColdStartProbe.RESULT_PREFIX.length());
                } else {
                    tail.add(line);
                    if (tail.size() > 20) {
                        tail.remove(0);
                    }
                }
            }
        }
        int exit = process.waitFor();
        double wallMs = (System.nanoTime() - spawned) / 1e6;
        if (exit != 0 || result == null) {
            throw new IllegalStateException(function + " probe failed (exit " + exit + "):\n" + String.join("\n", tail));
        }
        JsonNode node = JSON.readTree(result);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("function", function);
        row.put("cold", node.get("jvmStartToFirstResponseMs").asLong());
        row.put("cpu", node.get("cpuToFirstResponseMs").asLong());
        row.put("construct", node.get("loadAndConstructMs").asDouble());
        row.put("first", node.get("firstInvocationMs").asDouble());
        row.put("p50", node.get("warmP50Ms").asDouble());
        row.put("first30", node.get("warmFirst30P50Ms").asDouble());
        row.put("p90", node.get("warmP90Ms").asDouble());
        row.put("cpu50", node.get("warmCpuP50Ms").asDouble());
        row.put("wall", wallMs);
        row.put("response", node.get("firstResponse").asText());
        return row;
    }

    private static Map<String, Object> writeProbeScript(String function, ProcessBuilder builder) throws Exception {
        Path dir = Files.createDirectories(Path.of("bench/saga/target/probes"));
        StringBuilder script = new StringBuilder("#!/usr/bin/env bash\n");
        builder.environment().entrySet().stream()
                .filter(e -> e.getKey().startsWith("AWS_") || e.getKey().startsWith("INVENTORY_") || e.getKey().startsWith("POWERTOOLS")
                        || e.getKey().endsWith("_TABLE_NAME") || e.getKey().startsWith("CURSOR_") || e.getKey().startsWith("DAX_")
                        || e.getKey().startsWith("ORDER_"))
                .forEach(e -> script.append("export ").append(e.getKey()).append("='").append(e.getValue()).append("'\n"));
        script.append("exec ");
        builder.command().forEach(a -> script.append("'").append(a).append("' "));
        script.append("\"$@\"\n");
        Files.writeString(dir.resolve(function + ".sh"), script);
        Map<String, Object> row = new LinkedHashMap<>();
        LONG_COLUMNS.forEach(c -> row.put(c, 0L));
        DOUBLE_COLUMNS.forEach(c -> row.put(c, 0.0));
        row.put("function", function);
        row.put("response", "");
        return row;
    }

    /** Per column the median of the runs (the response of the first); warm p50 of every run kept for the table. */
    private static Map<String, Object> median(List<Map<String, Object>> runs) {
        Map<String, Object> row = new LinkedHashMap<>(runs.get(0));
        for (String column : java.util.stream.Stream.concat(LONG_COLUMNS.stream(), DOUBLE_COLUMNS.stream()).toList()) {
            List<Double> values = runs.stream().map(r -> ((Number) r.get(column)).doubleValue()).sorted().toList();
            double median = values.get(values.size() / 2);
            row.put(column, runs.get(0).get(column) instanceof Long ? (Object) Math.round(median) : (Object) median);
        }
        row.put("p50s", runs.stream().map(r -> String.format(Locale.ROOT, "%.1f", (Double) r.get("p50"))).toList());
        row.put("cpus", runs.stream().map(r -> Long.toString((Long) r.get("cpu"))).toList());
        return row;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim() + " on "
                    + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    @SuppressWarnings("unchecked")
    private static void print(List<Map<String, Object>> rows, Path jar) throws Exception {
        System.out.println();
        System.out.println("load average before the run: " + loadAverage());
        System.out.println(String.format(Locale.ROOT, "%-20s %10s %10s %10s %10s %10s %9s %9s %9s %9s %8s  %-16s %-18s %s", "function",
                "cold(ms)", "cold cpu", "@1024MB", "init(ms)", "1st(ms)", "warm p50", "warm p90", "wcpu p50", "first 30",
                "ref cpu", "cpu of each run", "p50 of each run", "first response"));
        for (Map<String, Object> r : rows) {
            String response = (String) r.get("response");
            System.out.println(String.format(Locale.ROOT, "%-20s %10d %10d %10.0f %10.0f %10.0f %9.2f %9.2f %9.2f %9.2f %8d  %-16s %-18s %s",
                    r.get("function"), (Long) r.get("cold"), (Long) r.get("cpu"), lambdaWall((Long) r.get("cpu")),
                    (Double) r.get("construct"), (Double) r.get("first"),
                    (Double) r.get("p50"), (Double) r.get("p90"), (Double) r.get("cpu50"), (Double) r.get("first30"),
                    (Long) r.get("ref"),
                    String.join(" ", (List<String>) r.get("cpus")), String.join(" ", (List<String>) r.get("p50s")),
                    response.length() > 30 ? response.substring(0, 30) + "..." : response));
        }
        long bytes = Files.size(jar);
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "shaded jar %s: %.1f MB (%d bytes)", jar, bytes / 1048576.0, bytes));
        System.out.println("each row: the median of " + Integer.getInteger("bench.repeat", 3) + " fresh JVMs per handler");
        System.out.println("cold = JVM start to first response (fresh JVM, the shaded jar's classes extracted as in /var/task); cold cpu = CPU time of "
                + "that JVM until then (all threads); @1024MB = cold cpu / " + LAMBDA_1024_VCPU
                + " (the share of a vCPU Lambda gives 1024 MB, when CPU-bound); init = load class + "
                + "constructor (clients, JDBC connection); warm = the later invocations of that JVM, new order ids each time; wcpu = "
                + "CPU of the invoking thread per warm invocation (engine time and waiting for a core excluded); first 30 = "
                + "warm p50 of the first 30 of them only (partly interpreted code: C1 compiles a method after ~200 calls); "
                + "ref cpu = CPU of a fixed workload (Reference) in a fresh JVM run just before each probe: how fast the "
                + "machine was for that row");
        System.out.println(String.format(Locale.ROOT,
                "targets: cold cpu <= %d ms (~1500 ms at 1024 MB), warm < %.0f ms for step handlers, jar < %d MB",
                COLD_CPU_TARGET_MS, WARM_P50_TARGET_MS, JAR_TARGET_BYTES / 1_000_000));
        List<String> coldOver = rows.stream().filter(r -> (Long) r.get("cpu") > COLD_CPU_TARGET_MS)
                .map(r -> r.get("function") + " " + r.get("cpu") + " ms").toList();
        List<String> warmOver = rows.stream().filter(r -> (Double) r.get("p50") >= WARM_P50_TARGET_MS)
                .map(r -> String.format(Locale.ROOT, "%s %.2f ms", r.get("function"), (Double) r.get("p50"))).toList();
        System.out.println(String.format(Locale.ROOT, "met: cold cpu by %d of %d handlers%s; warm p50 by %d of %d%s; jar %s",
                rows.size() - coldOver.size(), rows.size(), coldOver.isEmpty() ? "" : " (over: " + String.join(", ", coldOver) + ")",
                rows.size() - warmOver.size(), rows.size(), warmOver.isEmpty() ? "" : " (over: " + String.join(", ", warmOver) + ")",
                bytes < JAR_TARGET_BYTES ? "yes" : "NO"));
    }

    /**
     * Lambda allocates CPU in proportion to memory, one full vCPU at 1,769 MB ("Memory and computing
     * power", AWS Lambda Developer Guide): 1024 MB get about 0.58 of a vCPU, so a CPU-bound cold
     * start there takes its CPU time divided by 0.58.
     */
    private static final double LAMBDA_1024_VCPU = 0.58;

    private static double lambdaWall(long cpuMillis) {
        return cpuMillis / LAMBDA_1024_VCPU;
    }
}
