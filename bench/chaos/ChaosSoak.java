import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.local.iam.CredentialStore;
import dev.sagastack.local.twin.access.ExecuteApiSigner;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A soak of the local twin under faults and crashes, with the invariants a money-moving saga must keep.
 *
 * <p>The twin runs as the README starts it, with {@code --data-dir} (so a restart keeps everything) and
 * {@code --allow-faults}. Eight clients mix orders (some that must fail for stock or funds, some retried with
 * their {@code Idempotency-Key}), deposits and withdrawals on shared accounts (retried with their
 * {@code commandId}), accounts that are emptied and closed, users racing for one e-mail address, forum posts and
 * paged reads. A seeded schedule arms function faults (error, timeout, crash after the effect) on every saga
 * step and compensation, faults inside the DynamoDB engine (throttling, server errors, latency), failures of the
 * stream-fed account projection long enough to exhaust its mapping's retries (dead letters), terminates the
 * inventory database's connections mid-transaction ({@code pg_terminate_backend}), stalls the projection's
 * stream poller, and kills the whole twin with {@code kill -9} several times, restarting it on the same data
 * directory. A request cut by a crash is retried with the same key until it gets an answer, as a real client
 * would; only answered requests count.
 *
 * <p>After the load every dead letter is counted, found in the mapping's on-failure queue and redriven; the
 * projections must then equal the event store.
 *
 * <p>After the load, the faults are cleared and every invariant is checked; the last line is
 * {@code chaos: N sagas (C confirmed, X cancelled, A needs attention, U unfinished), F faults, K restarts,
 * V invariant violations, seed S}. Same seed, same schedule of faults (the load's interleaving still depends
 * on timing).
 */
public final class ChaosSoak {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int CLIENTS = 8;
    static final long INITIAL_DEPOSIT = 100_000_000;
    /** Four SKUs that last the whole run, and one that runs out early, so orders for it fail for stock. */
    static final long PLENTIFUL_STOCK = 500_000;
    static final long SCARCE_STOCK = 20;
    static final List<String> SAGA_FUNCTIONS = List.of("ReserveInventory", "ProcessPayment", "CreateShipment",
            "ConfirmOrder", "CancelShipment", "RefundPayment", "ReleaseInventory", "MarkOrderCancelled");
    static final Pattern DYNAMODB_LINE = Pattern.compile("(?m)^\\s*DynamoDB\\s+(http://\\S+)");
    static final Pattern POSTGRES_LINE = Pattern.compile("(?m)^\\s*PostgreSQL\\s+(jdbc:postgresql://\\S+)\\s+\\(user (\\S+)\\)");
    /**
     * The stream-fed projection, by a part of its name (CloudFormation cuts the logical id in the physical name,
     * e.g. {@code Sagastack-dev-Stateless-ProjectionsAccountSummaryPr-...}): its faults end in dead letters.
     */
    static final String PROJECTION = "AccountSummary";
    static final Set<String> TERMINAL = Set.of("CONFIRMED", "CANCELLED", "NEEDS_ATTENTION");

    final long seed;
    final Duration length;
    final Path jar;
    final Path dataDir;
    final int port;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final ExecuteApiSigner SIGNER = new ExecuteApiSigner(CredentialStore.local().administrator(), "us-east-1");
    /** The engine's fault endpoint is on the DynamoDB endpoint: signed for dynamodb, as the administrator. */
    static final ExecuteApiSigner ENGINE_SIGNER = new ExecuteApiSigner(CredentialStore.local().administrator(),
            "us-east-1", "dynamodb");
    volatile Process twin;
    volatile URI api;
    volatile URI dynamoDb;
    volatile String postgresUrl;
    volatile String postgresUser;
    final AtomicBoolean loadRunning = new AtomicBoolean(true);
    final AtomicInteger faults = new AtomicInteger();
    final AtomicInteger restarts = new AtomicInteger();
    final AtomicInteger engineFaults = new AtomicInteger();
    final AtomicInteger postgresKills = new AtomicInteger();
    final AtomicInteger killedBackends = new AtomicInteger();
    final AtomicInteger pollerStalls = new AtomicInteger();
    final AtomicInteger projectionFaults = new AtomicInteger();
    final AtomicInteger throttledReads = new AtomicInteger();
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());

    // what the clients were told (2xx answers only)
    final List<String> accounts = new ArrayList<>();
    final List<String> skus = new ArrayList<>();
    final Map<String, String> accountOwner = new ConcurrentHashMap<>();
    final Map<String, Order> orders = new ConcurrentHashMap<>();
    final Map<String, Map<String, Long>> deposits = new ConcurrentHashMap<>(); // account -> commandId -> amount
    final Map<String, Map<String, Long>> withdrawals = new ConcurrentHashMap<>();
    final Set<String> users = ConcurrentHashMap.newKeySet();
    final Map<String, Long> initialStock = new ConcurrentHashMap<>();
    final Set<String> closedAccounts = ConcurrentHashMap.newKeySet();
    final Set<String> posts = ConcurrentHashMap.newKeySet();
    final List<Long> orderReadMillis = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong duplicateEmailRaces = new AtomicLong();
    String topicPath;

    record Order(String orderId, String accountId, String sku, int quantity, long total) {
    }

    record Reply(int status, JsonNode body) {
    }

    ChaosSoak(long seed, Duration length, Path jar) throws IOException {
        this.seed = seed;
        this.length = length;
        this.jar = jar;
        this.dataDir = Files.createTempDirectory("chaos-data");
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 600;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : new Random().nextLong();
        ChaosSoak soak = new ChaosSoak(seed, Duration.ofSeconds(seconds), Path.of(args[0]));
        System.out.println("chaos: seed " + seed + ", " + seconds + " s, data " + soak.dataDir);
        int violations;
        try {
            violations = soak.run();
        } finally {
            soak.stopTwin(false);
        }
        System.exit(violations == 0 ? 0 : 1);
    }

    int run() throws Exception {
        startTwin();
        seedData();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Random random = new Random(seed * 31 + i);
            int id = i;
            Thread t = new Thread(() -> clientLoop(id, random), "client-" + i);
            t.start();
            clients.add(t);
        }
        faultSchedule(new Random(seed));
        loadRunning.set(false);
        awaitClients(clients, Duration.ofMinutes(10));
        ensureTwinUp();
        call("DELETE", "/_local/faults", null);
        int[] outcomes = settleOrders(Duration.ofSeconds(180));
        checkInvariants();
        System.out.printf("GET /orders/{id} during the run: %d reads, p50 %d ms, p99 %d ms, %d throttled (503)%n",
                orderReadMillis.size(), percentile(50), percentile(99), throttledReads.get());
        System.out.printf("faults: %d in saga functions, %d in the projection, %d in the DynamoDB engine, %d PostgreSQL "
                        + "connection kills (%d backends), %d poller stalls%n",
                faults.get() - engineFaults.get() - projectionFaults.get() - postgresKills.get() - pollerStalls.get(),
                projectionFaults.get(), engineFaults.get(), postgresKills.get(), killedBackends.get(), pollerStalls.get());
        violations.forEach(v -> System.out.println("VIOLATION " + v));
        System.out.printf("chaos: %d sagas (%d confirmed, %d cancelled, %d needs attention, %d unfinished), "
                        + "%d faults, %d restarts, %d invariant violations, seed %d%n",
                orders.size(), outcomes[0], outcomes[1], outcomes[2], outcomes[3], faults.get(), restarts.get(),
                violations.size(), seed);
        return violations.size();
    }

    /**
     * Waits until every client has its last answer. The invariants compare what clients were told with what
     * is stored, so no request may still be in flight when they are checked: a client still retrying across the
     * last restart would have its withdrawal applied before the balance is read but recorded only after the
     * expected balance was computed (the balance then looks short by that withdrawal).
     */
    void awaitClients(List<Thread> clients, Duration limit) throws InterruptedException {
        long stopped = System.nanoTime();
        long deadline = stopped + limit.toNanos();
        for (Thread t : clients) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        System.out.printf("clients done %d s after the load stopped%n", (System.nanoTime() - stopped) / 1_000_000_000);
        clients.stream().filter(Thread::isAlive)
                .forEach(t -> violations.add(t.getName() + " still had a request unanswered " + limit.toMinutes()
                        + " min after the load stopped"));
    }

    // ---- the twin

    void startTwin() throws Exception {
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-twin-" + restarts.get() + ".log");
        twin = new ProcessBuilder("java", "-jar", jar.toString(), "--port", Integer.toString(port), "--data-dir",
                dataDir.toString(), "--allow-faults", "--lambda-timeout", "3")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        api = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!twin.isAlive()) {
                throw new IllegalStateException("the twin exited; see " + log);
            }
            String output = Files.readString(log);
            if (output.contains("Press Ctrl-C to stop.")) {
                Matcher m = DYNAMODB_LINE.matcher(output);
                dynamoDb = m.find() ? URI.create(m.group(1)) : null;
                Matcher pg = POSTGRES_LINE.matcher(output);
                postgresUrl = pg.find() ? pg.group(1) : null;
                postgresUser = postgresUrl == null ? null : pg.group(2);
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the twin did not start; see " + log);
    }

    void stopTwin(boolean kill) throws InterruptedException {
        Process p = twin;
        if (p == null) {
            return;
        }
        if (kill) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        p.waitFor(60, TimeUnit.SECONDS);
    }

    synchronized void ensureTwinUp() throws Exception {
        if (twin == null || !twin.isAlive()) {
            startTwin();
        }
    }

    /** Arms function faults every few seconds and kills the twin every minute or two, until the time is up. */
    void faultSchedule(Random random) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        // the first crash comes by half-time, so even a short run restarts the twin once
        long nextKill = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(40 + random.nextInt(60),
                length.toSeconds() / 2));
        while (System.nanoTime() < end) {
            Thread.sleep(2_000 + random.nextInt(4_000));
            if (System.nanoTime() >= nextKill && System.nanoTime() < end - TimeUnit.SECONDS.toNanos(20)) {
                stopTwin(true);
                restarts.incrementAndGet();
                startTwin();
                nextKill = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + random.nextInt(60));
                continue;
            }
            int kind = random.nextInt(12);
            if (kind < 4) {
                armEngineFault(random);
                continue;
            }
            if (kind == 4) {
                killPostgresConnections();
                continue;
            }
            if (kind == 5) {
                stallPoller(5 + random.nextInt(16));
                continue;
            }
            if (kind == 6) {
                // enough failures to exhaust the mapping's retries (10, after bisecting) for a record or two
                int times = 15 + random.nextInt(20);
                Reply armed = call("POST", "/_local/faults", Map.of("function", PROJECTION, "mode", "error", "times", times));
                if (armed != null && armed.status() < 300) {
                    faults.addAndGet(times);
                    projectionFaults.addAndGet(times);
                }
                continue;
            }
            String function = SAGA_FUNCTIONS.get(random.nextInt(SAGA_FUNCTIONS.size()));
            String mode = List.of("error", "timeout", "crash-after-effect").get(random.nextInt(3));
            int times = 1 + random.nextInt(3);
            Reply armed = call("POST", "/_local/faults", Map.of("function", function, "mode", mode, "times", times));
            if (armed != null && armed.status() < 300) {
                faults.addAndGet(times);
            }
        }
    }

    /** A fault inside the DynamoDB engine: throttling, a server error or added latency on one operation. */
    void armEngineFault(Random random) {
        String operation = List.of("PutItem", "UpdateItem", "GetItem", "Query", "TransactWriteItems")
                .get(random.nextInt(5));
        String mode = List.of("ProvisionedThroughputExceededException", "ThrottlingException", "InternalServerError",
                "latency").get(random.nextInt(4));
        int times = 1 + random.nextInt(3);
        URI endpoint = dynamoDb;
        if (endpoint == null) {
            return;
        }
        try {
            byte[] body = JSON.writeValueAsBytes(Map.of("operation", operation, "table", "*", "mode", mode,
                    "times", times, "latencyMillis", 200));
            HttpResponse<String> r = http.send(ENGINE_SIGNER.request("POST", endpoint.resolve("/"), Map.of(
                    "X-Amz-Target", "SagastackLocalFaults.PutFault", "Content-Type", "application/x-amz-json-1.0"),
                    body, Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                faults.addAndGet(times);
                engineFaults.addAndGet(times);
            }
        } catch (IOException e) {
            // the twin is restarting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Terminates the inventory database's client connections, as a failover or a proxy restart would: the
     * functions' statements in flight fail mid-transaction (rolled back) and their connections are broken.
     */
    void killPostgresConnections() {
        String url = postgresUrl;
        if (url == null) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(url, postgresUser, "postgres");
             Statement statement = connection.createStatement();
             ResultSet killed = statement.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                     + "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                     + "AND backend_type = 'client backend'")) {
            killed.next();
            killedBackends.addAndGet(killed.getInt(1));
            postgresKills.incrementAndGet();
            faults.incrementAndGet();
        } catch (SQLException e) {
            // the twin is restarting
        }
    }

    /** Stalls the projection's stream poller: records wait in the stream, the projection lags, then catches up. */
    void stallPoller(int seconds) {
        Reply stalled = call("POST", "/_local/faults/stream-poller", Map.of("function", PROJECTION, "seconds", seconds));
        if (stalled != null && stalled.status() < 300) {
            pollerStalls.incrementAndGet();
            faults.incrementAndGet();
        }
    }

    // ---- seed data and load

    void seedData() {
        String run = Long.toHexString(seed);
        for (int i = 0; i < 4; i++) {
            String user = required(postUntilAnswered("/users", Map.of("email", "owner" + i + "-" + run + "@example.com",
                    "displayName", "owner " + i), null)).get("userId").asText();
            users.add(user);
            String account = required(postUntilAnswered("/accounts", Map.of("ownerId", user, "currency", "EUR",
                    "commandId", "open-" + run + "-" + i), null)).get("accountId").asText();
            accountOwner.put(account, user);
            accounts.add(account);
            required(postUntilAnswered("/accounts/" + account + "/deposits", Map.of("amount", INITIAL_DEPOSIT,
                    "commandId", "initial-" + account), null));
            deposits.computeIfAbsent(account, a -> new ConcurrentHashMap<>()).put("initial-" + account, INITIAL_DEPOSIT);
        }
        for (int i = 0; i < 5; i++) {
            String sku = "CHAOS-" + run + "-" + i;
            long stock = i == 4 ? SCARCE_STOCK : PLENTIFUL_STOCK;
            required(call("PUT", "/inventory/" + sku, Map.of("available", stock)));
            skus.add(sku);
            initialStock.put(sku, stock);
        }
        required(postUntilAnswered("/forum/categories", Map.of("categoryId", "chaos-" + run, "name", "Chaos"), null));
        String topic = required(postUntilAnswered("/forum/categories/chaos-" + run + "/topics", Map.of("title", "Soak",
                "authorId", users.iterator().next()), null)).get("topicId").asText();
        topicPath = "/forum/categories/chaos-" + run + "/topics/" + topic + "/posts";
    }

    void clientLoop(int id, Random random) {
        while (loadRunning.get()) {
            try {
                int action = random.nextInt(100);
                if (action < 40) {
                    placeOrder(random);
                } else if (action < 58) {
                    deposit(random);
                } else if (action < 66) {
                    withdraw(random);
                } else if (action < 69) {
                    openEmptyAndClose(random);
                } else if (action < 77) {
                    raceForEmail(random);
                } else if (action < 87) {
                    postAndPage(random);
                } else {
                    readOrder(random);
                }
            } catch (RuntimeException e) {
                violations.add("client " + id + " failed: " + e);
            }
        }
    }

    void placeOrder(Random random) {
        String account = accounts.get(random.nextInt(accounts.size()));
        boolean tooMany = random.nextInt(20) == 0; // more than the scarce SKU ever has: fails for stock
        String sku = tooMany ? skus.get(skus.size() - 1) : skus.get(random.nextInt(skus.size()));
        int quantity = tooMany ? 10_000 : 1 + random.nextInt(3);
        long unitPrice = random.nextInt(25) == 0 ? 1_000_000_000 : 100 + random.nextInt(2_000); // more than any balance
        Map<String, Object> body = Map.of("userId", accountOwner.get(account), "accountId", account,
                "currency", "EUR", "items", List.of(Map.of("sku", sku, "quantity", quantity, "unitPrice", unitPrice)));
        String key = "chaos-" + UUID.randomUUID();
        Reply reply = postUntilAnswered("/orders", body, key);
        if (reply.status() == 202 || reply.status() == 200) {
            String orderId = reply.body().get("orderId").asText();
            orders.put(orderId, new Order(orderId, account, sku, quantity, quantity * unitPrice));
            if (random.nextInt(5) == 0) {
                Reply again = postUntilAnswered("/orders", body, key);
                if (again.status() >= 300 || !again.body().path("orderId").asText().equals(orderId)) {
                    violations.add("retried order " + key + " answered " + again.status() + " " + again.body()
                            + " instead of order " + orderId);
                }
            }
        } else if (reply.status() >= 500) {
            violations.add("POST /orders answered " + reply.status() + " " + reply.body());
        }
    }

    void deposit(Random random) {
        String account = accounts.get(random.nextInt(accounts.size()));
        long amount = 1 + random.nextInt(5_000);
        String command = "dep-" + UUID.randomUUID();
        command(account, "/deposits", amount, command, deposits, random);
    }

    void withdraw(Random random) {
        String account = accounts.get(random.nextInt(accounts.size()));
        long amount = 1 + random.nextInt(3_000);
        command(account, "/withdrawals", amount, "wd-" + UUID.randomUUID(), withdrawals, random);
    }

    private void command(String account, String path, long amount, String command,
                         Map<String, Map<String, Long>> ledger, Random random) {
        Map<String, Object> body = Map.of("amount", amount, "commandId", command);
        Reply reply = postUntilAnswered("/accounts/" + account + path, body, null);
        if (reply.status() < 300) {
            ledger.computeIfAbsent(account, a -> new ConcurrentHashMap<>()).put(command, amount);
            if (random.nextInt(4) == 0) {
                Reply again = postUntilAnswered("/accounts/" + account + path, body, null);
                if (again.status() >= 300 || !again.body().path("replayed").asBoolean()) {
                    violations.add("retried command " + command + " answered " + again.status() + " " + again.body());
                }
            }
        } else if (reply.status() >= 500) {
            violations.add("POST " + path + " answered " + reply.status() + " " + reply.body());
        }
    }

    void openEmptyAndClose(Random random) {
        String owner = accountOwner.get(accounts.get(random.nextInt(accounts.size())));
        Reply opened = postUntilAnswered("/accounts", Map.of("ownerId", owner, "currency", "EUR",
                "commandId", "open-" + UUID.randomUUID()), null);
        if (opened.status() >= 300) {
            violations.add("open account answered " + opened.status() + " " + opened.body());
            return;
        }
        String account = opened.body().get("accountId").asText();
        long amount = 1 + random.nextInt(1_000);
        postUntilAnswered("/accounts/" + account + "/deposits", Map.of("amount", amount, "commandId", "d-" + account), null);
        postUntilAnswered("/accounts/" + account + "/withdrawals", Map.of("amount", amount, "commandId", "w-" + account), null);
        Reply closed = postUntilAnswered("/accounts/" + account + "/close", Map.of("commandId", "c-" + account), null);
        if (closed.status() < 300) {
            closedAccounts.add(account);
        } else {
            violations.add("close of an emptied account answered " + closed.status() + " " + closed.body());
        }
    }

    void raceForEmail(Random random) {
        String email = "race-" + UUID.randomUUID() + "@example.com";
        Reply[] replies = new Reply[2];
        Thread other = new Thread(() -> replies[1] = postUntilAnswered("/users",
                Map.of("email", email, "displayName", "racer b"), null));
        other.start();
        replies[0] = postUntilAnswered("/users", Map.of("email", email, "displayName", "racer a"), null);
        try {
            other.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        duplicateEmailRaces.incrementAndGet();
        long created = Arrays.stream(replies).filter(r -> r.status() == 201).count();
        long refused = Arrays.stream(replies).filter(r -> r.status() == 409).count();
        // a request cut by a crash and retried may find its own first attempt's user: then both are 409 or the
        // retried one is; what must never happen is two users with one address
        if (created > 1 || created + refused != 2) {
            violations.add("two requests for " + email + " answered " + replies[0].status() + " and " + replies[1].status());
        }
        for (Reply r : replies) {
            if (r.status() == 201) {
                users.add(r.body().get("userId").asText());
            }
        }
    }

    void postAndPage(Random random) {
        Reply posted = postUntilAnswered(topicPath, Map.of("authorId", users.iterator().next(),
                "body", "post " + random.nextInt(1_000_000)), null);
        if (posted.status() < 300) {
            posts.add(posted.body().get("postId").asText());
        }
        Reply page = call("GET", topicPath + "?limit=5", null);
        if (page != null && page.status() >= 500 && page.status() != 503) {
            violations.add("GET posts answered " + page.status());
        }
    }

    void readOrder(Random random) {
        List<String> ids = new ArrayList<>(orders.keySet());
        if (ids.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        Reply reply = call("GET", "/orders/" + ids.get(random.nextInt(ids.size())), null);
        if (reply != null) {
            orderReadMillis.add((System.nanoTime() - start) / 1_000_000);
            if (reply.status() == 503) {
                throttledReads.incrementAndGet(); // the API function's reserved concurrency, as in AWS
            } else if (reply.status() != 200) {
                violations.add("GET of an accepted order answered " + reply.status() + " " + reply.body());
            }
        }
    }

    // ---- after the load

    int[] settleOrders(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> status = new TreeMap<>();
        while (true) {
            for (Order order : orders.values()) {
                if (!terminal(status.get(order.orderId()))) {
                    Reply reply = call("GET", "/orders/" + order.orderId(), null);
                    if (reply != null && reply.status() == 200) {
                        status.put(order.orderId(), reply.body().path("status").asText());
                    }
                }
            }
            boolean done = orders.keySet().stream().allMatch(id -> terminal(status.get(id)));
            if (done || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(1_000);
        }
        int[] outcomes = new int[4];
        for (Order order : orders.values()) {
            switch (status.getOrDefault(order.orderId(), "LOST")) {
                case "CONFIRMED" -> outcomes[0]++;
                case "CANCELLED" -> outcomes[1]++;
                case "NEEDS_ATTENTION" -> outcomes[2]++;
                default -> {
                    outcomes[3]++;
                    System.out.println("unfinished: order " + order.orderId() + " is "
                            + status.getOrDefault(order.orderId(), "not readable"));
                }
            }
        }
        finalStatus.putAll(status);
        return outcomes;
    }

    final Map<String, String> finalStatus = new TreeMap<>();

    static boolean terminal(String status) {
        return status != null && TERMINAL.contains(status);
    }

    void checkInvariants() throws InterruptedException {
        // stock: initial = available + units of confirmed orders, and only confirmed orders hold reservations
        for (String sku : skus) {
            long confirmed = unitsOf(sku, "CONFIRMED");
            long attention = unitsOf(sku, "NEEDS_ATTENTION");
            JsonNode level = required(call("GET", "/inventory/" + sku, null));
            long available = level.path("available").asLong();
            long reserved = level.path("reserved").asLong();
            long initial = initialStock.get(sku);
            if (available + confirmed != initial && available + confirmed + attention < initial) {
                violations.add("stock of " + sku + ": available " + available + " + confirmed " + confirmed
                        + " != " + initial + " (needs attention: " + attention + ")");
            }
            if (reserved < confirmed || reserved > confirmed + attention) {
                violations.add("stock of " + sku + ": " + reserved + " reserved, confirmed orders hold " + confirmed);
            }
        }
        // money: balance = deposits - withdrawals - charges of confirmed orders; never below zero
        for (String account : accounts) {
            long expected = sum(deposits, account) - sum(withdrawals, account) - chargesOf(account, "CONFIRMED");
            long attention = chargesOf(account, "NEEDS_ATTENTION");
            JsonNode view = required(call("GET", "/accounts/" + account, null));
            long balance = view.path("balance").asLong();
            if (balance < 0) {
                violations.add("account " + account + " balance " + balance + " below zero");
            }
            if (balance != expected && (attention == 0 || balance < expected - attention || balance > expected)) {
                violations.add("account " + account + ": balance " + balance + ", expected " + expected
                        + " (charges of orders needing attention: " + attention + ")");
                explainBalance(account);
            }
        }
        // acknowledged writes survive every restart
        for (String user : users) {
            Reply r = call("GET", "/users/" + user, null);
            if (r == null || r.status() != 200) {
                violations.add("acknowledged user " + user + " is gone: " + (r == null ? "no answer" : r.status()));
            }
        }
        for (String account : closedAccounts) {
            JsonNode view = required(call("GET", "/accounts/" + account, null));
            if (!view.path("status").asText().equals("CLOSED")) {
                violations.add("closed account " + account + " is " + view.path("status").asText());
            }
        }
        Set<String> listed = ConcurrentHashMap.newKeySet();
        String cursor = null;
        do {
            JsonNode page = required(call("GET", topicPath + "?limit=100" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), null));
            page.path("items").forEach(p -> listed.add(p.path("postId").asText()));
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        for (String post : posts) {
            if (!listed.contains(post)) {
                violations.add("acknowledged post " + post + " is not listed");
            }
        }
        redriveDeadLetters();
        // projections converge on the event store's balance
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> diverged;
        do {
            diverged = new ArrayList<>();
            for (String account : accounts) {
                long balance = required(call("GET", "/accounts/" + account, null)).path("balance").asLong();
                Reply summary = call("GET", "/_local/api/account-summaries/" + account, null);
                long projected = summary == null ? -1 : summary.body().path("balance").asLong(-1);
                if (projected != balance) {
                    diverged.add(account + " summary " + projected + " vs balance " + balance);
                }
            }
            if (!diverged.isEmpty()) {
                Thread.sleep(1_000);
            }
        } while (!diverged.isEmpty() && System.nanoTime() < deadline);
        diverged.forEach(d -> violations.add("projection did not converge: " + d));
    }

    /**
     * Every dead letter is counted, is a message of the mapping's on-failure queue, and is redriven: the
     * projection processes it (a no-op when a later record's catch-up already applied it) and none stays open.
     */
    void redriveDeadLetters() {
        JsonNode letters = required(call("GET", "/_local/api/dead-letters", null));
        int inQueues = 0;
        for (JsonNode queue : required(call("GET", "/_local/api/queues", null))) {
            inQueues += required(call("GET", "/_local/api/queues/messages?queueArn="
                    + URLEncoder.encode(queue.path("queueArn").asText(), StandardCharsets.UTF_8), null))
                    .path("Messages").size();
        }
        if (inQueues != letters.size()) {
            violations.add(letters.size() + " dead letters, but " + inQueues + " messages in the on-failure queues");
        }
        JsonNode redrive = required(call("POST", "/_local/api/dead-letters/redrive", Map.of()));
        System.out.printf("dead letters: %d (%d redriven now, %d failed again, %d open)%n", letters.size(),
                redrive.path("redriven").asInt(), redrive.path("failed").asInt(), redrive.path("open").asInt());
        if (redrive.path("failed").asInt() != 0 || redrive.path("open").asInt() != 0) {
            violations.add("dead letters not redriven: " + redrive);
        }
        deadLetterCount = letters.size();
    }

    int deadLetterCount;

    /**
     * Prints what differs between the commands clients were told succeeded and the account's events: an
     * acknowledged command missing from the events was lost; an event no acknowledgement matches was applied
     * without its client ever being told.
     */
    void explainBalance(String account) {
        Map<String, Long> stored = new TreeMap<>();
        String cursor = null;
        do {
            JsonNode page = required(call("GET", "/accounts/" + account + "/events?limit=100"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), null));
            page.path("items").forEach(e -> {
                long amount = e.path("data").path("amount").asLong();
                stored.put(e.path("commandId").asText(), e.path("type").asText().equals("MoneyWithdrawn") ? -amount : amount);
            });
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        Map<String, Long> acknowledged = new TreeMap<>();
        deposits.getOrDefault(account, Map.of()).forEach(acknowledged::put);
        withdrawals.getOrDefault(account, Map.of()).forEach((k, v) -> acknowledged.put(k, -v));
        acknowledged.forEach((command, amount) -> {
            if (!amount.equals(stored.get(command))) {
                System.out.println("  acknowledged " + command + " " + amount + ", stored: " + stored.get(command));
            }
        });
        stored.forEach((command, amount) -> {
            if ((command.startsWith("dep-") || command.startsWith("wd-")) && !acknowledged.containsKey(command)) {
                System.out.println("  stored but never acknowledged: " + command + " " + amount);
            }
        });
        // an order's charge stands when its payment has no refund
        Set<String> charged = new HashSet<>();
        stored.keySet().stream().filter(c -> c.startsWith("payment-")).map(c -> c.substring(8))
                .filter(id -> !stored.containsKey("refund-" + id)).forEach(charged::add);
        orders.values().stream().filter(o -> o.accountId().equals(account)).forEach(o -> {
            String status = finalStatus.get(o.orderId());
            if ("CONFIRMED".equals(status) != charged.contains(o.orderId())) {
                System.out.println("  order " + o.orderId() + " " + status + ", charged: " + charged.contains(o.orderId()));
            }
        });
        charged.stream().filter(id -> !orders.containsKey(id))
                .forEach(id -> System.out.println("  charged for an order no client was told of: " + id));
    }

    long unitsOf(String sku, String status) {
        return orders.values().stream().filter(o -> o.sku().equals(sku) && status.equals(finalStatus.get(o.orderId())))
                .mapToLong(Order::quantity).sum();
    }

    long chargesOf(String account, String status) {
        return orders.values().stream()
                .filter(o -> o.accountId().equals(account) && status.equals(finalStatus.get(o.orderId())))
                .mapToLong(Order::total).sum();
    }

    static long sum(Map<String, Map<String, Long>> ledger, String account) {
        return ledger.getOrDefault(account, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }

    long percentile(int p) {
        List<Long> sorted = new ArrayList<>(orderReadMillis);
        if (sorted.isEmpty()) {
            return 0;
        }
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    // ---- HTTP

    /** Sends until an answer comes back (a request cut by a crash is retried, with its key, as a client would). */
    Reply postUntilAnswered(String path, Object body, String idempotencyKey) {
        for (int attempt = 0; attempt < 600; attempt++) {
            Reply reply = send("POST", path, body, idempotencyKey);
            if (reply != null && reply.status() != 503) {
                return reply;
            }
            sleep(500);
        }
        throw new IllegalStateException("no answer to POST " + path + " in 5 minutes");
    }

    Reply call(String method, String path, Object body) {
        for (int attempt = 0; attempt < 600; attempt++) {
            Reply reply = send(method, path, body, null);
            if (reply != null) {
                return reply;
            }
            sleep(500);
        }
        return null;
    }

    Reply send(String method, String path, Object body, String idempotencyKey) {
        try {
            Map<String, String> headers = idempotencyKey == null ? Map.of("content-type", "application/json")
                    : Map.of("content-type", "application/json", "Idempotency-Key", idempotencyKey);
            // the API's routes are IAM-authorized: signed (SigV4, execute-api) as the twin's administrator
            HttpRequest request = SIGNER.request(method, api.resolve(path), headers,
                    body == null ? new byte[0] : JSON.writeValueAsBytes(body), Duration.ofSeconds(30));
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
            return new Reply(response.statusCode(), json);
        } catch (IOException e) {
            return null; // the twin is down or restarting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    JsonNode required(Reply reply) {
        if (reply == null || reply.status() >= 300) {
            throw new IllegalStateException("unexpected answer " + (reply == null ? "none" : reply.status() + " " + reply.body()));
        }
        return reply.body();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
