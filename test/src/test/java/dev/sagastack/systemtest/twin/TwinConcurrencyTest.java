package dev.sagastack.systemtest.twin;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.sagastack.systemtest.twin.TwinClient.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 50 orders at once on the twin competing for scarce stock and money, with faults injected into the
 * hosted functions; afterwards the saga's invariants are checked through the API, and the account summaries
 * (the stream-built read model) must converge to the event store's account state.
 */
class TwinConcurrencyTest {

    private static final int ORDERS = 50;
    @AutoClose
    private static TwinProcess twin;
    private static TwinClient client;

    @BeforeAll
    static void start() throws Exception {
        twin = TwinProcess.start("concurrency", "--allow-faults", "--lambda-timeout", "3");
        client = new TwinClient(twin.api());
    }

    private record Customer(String userId, String accountId, long deposit) {
    }

    private record Placed(String orderId, Customer customer, Map<String, Integer> quantities, long total) {
    }

    @Test
    void concurrentOrdersNeverOversellOrOverdrawAndTheReadModelConverges() throws Exception {
        long seed = System.nanoTime();
        System.out.println("TwinConcurrencyTest seed " + seed);
        Random random = new Random(seed);
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String user = client.user("buyer" + i);
            long deposit = 3_000 + random.nextInt(9_000);
            customers.add(new Customer(user, client.account(user, deposit), deposit));
        }
        Map<String, Long> initialStock = new HashMap<>();
        for (long units : new long[]{12, 18, 6}) {
            initialStock.put(client.stock("scarce", units), units);
        }
        List<String> skus = new ArrayList<>(initialStock.keySet());
        java.util.Collections.sort(skus);
        client.arm("CreateShipment", "error", 3, "dev.sagastack.saga.TransientError");
        client.arm("ProcessPayment", "crash-after-effect", 2, null);
        client.arm("ReserveInventory", "timeout", 1, null);
        client.arm("ConfirmOrder", "error", 2, null);

        List<Future<Placed>> futures = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger throttled = new AtomicInteger();
        ExecutorService buyers = Executors.newFixedThreadPool(ORDERS);
        try {
            for (int i = 0; i < ORDERS; i++) {
                Customer customer = customers.get(random.nextInt(customers.size()));
                Map<String, Integer> quantities = new HashMap<>();
                List<Map<String, Object>> lines = new ArrayList<>();
                long total = 0;
                List<String> shuffled = new ArrayList<>(skus);
                java.util.Collections.shuffle(shuffled, random);
                for (String sku : shuffled.subList(0, 1 + random.nextInt(2))) {
                    int quantity = 1 + random.nextInt(3);
                    long price = 300 + random.nextInt(1_200);
                    quantities.put(sku, quantity);
                    lines.add(line(sku, quantity, price));
                    total += quantity * price;
                }
                long orderTotal = total;
                long jitter = random.nextInt(50);
                futures.add(buyers.submit(() -> {
                    go.await();
                    TwinClient.Response created = client.order(customer.userId(), customer.accountId(), lines);
                    // The API function's reserved concurrency (the template's) throttles a burst of 50: the gateway
                    // answers 503 without invoking it, so a client retries with backoff, as it must against AWS.
                    for (int attempt = 1; created.status() == 503 && attempt <= 20; attempt++) {
                        throttled.incrementAndGet();
                        Thread.sleep(Math.min(1_000, 25L << Math.min(attempt, 6)) + jitter);
                        created = client.order(customer.userId(), customer.accountId(), lines);
                    }
                    assertThat(created.status()).as(created.toString()).isEqualTo(202);
                    return new Placed(created.body().get("orderId").asText(), customer, quantities, orderTotal);
                }));
            }
            go.countDown();
            List<Placed> placed = new ArrayList<>();
            for (Future<Placed> future : futures) {
                placed.add(future.get());
            }
            System.out.println("TwinConcurrencyTest: order requests throttled by the API function's reserved concurrency: "
                    + throttled.get());

            Map<String, JsonNode> finals = new HashMap<>();
            for (Placed order : placed) {
                finals.put(order.orderId(), client.awaitTerminal(order.orderId(), Duration.ofSeconds(180)));
            }

            Map<String, Long> reservedByConfirmed = new HashMap<>();
            Map<String, Long> chargedByAccount = new HashMap<>();
            int confirmed = 0;
            for (Placed order : placed) {
                String status = finals.get(order.orderId()).get("status").asText();
                assertThat(status).as("order %s (seed %d)", order.orderId(), seed).isIn("CONFIRMED", "CANCELLED");
                if (status.equals("CONFIRMED")) {
                    confirmed++;
                    order.quantities().forEach((sku, q) -> reservedByConfirmed.merge(sku, (long) q, Long::sum));
                    chargedByAccount.merge(order.customer().accountId(), order.total(), Long::sum);
                }
            }
            System.out.println("TwinConcurrencyTest: " + confirmed + " of " + ORDERS + " confirmed");
            // Scarcity must bite both ways, or the run proves little.
            assertThat(confirmed).as("confirmed orders (seed %d)", seed).isBetween(1, ORDERS - 1);
            for (String sku : skus) {
                JsonNode inventory = client.inventory(sku);
                long reserved = reservedByConfirmed.getOrDefault(sku, 0L);
                assertThat(inventory.get("available").asLong()).as("available %s (seed %d)", sku, seed).isGreaterThanOrEqualTo(0);
                assertThat(inventory.get("reserved").asLong()).as("reserved %s (seed %d)", sku, seed).isEqualTo(reserved);
                assertThat(inventory.get("available").asLong() + inventory.get("reserved").asLong())
                        .as("stock of %s is conserved (seed %d)", sku, seed).isEqualTo(initialStock.get(sku));
            }
            for (Customer customer : customers) {
                long balance = client.account(customer.accountId()).get("balance").asLong();
                assertThat(balance).as("no overdraft (seed %d)", seed).isGreaterThanOrEqualTo(0);
                assertThat(balance).as("money of %s is conserved (seed %d)", customer.accountId(), seed)
                        .isEqualTo(customer.deposit() - chargedByAccount.getOrDefault(customer.accountId(), 0L));
            }
            assertReadModelConverges(customers);
            assertThat(client.metrics().get("deadLetters").asInt()).isZero();
        } finally {
            buyers.shutdownNow();
        }
    }

    /** Each account summary ends equal to the account as the event store replays it (GET /accounts/{id}). */
    private static void assertReadModelConverges(List<Customer> customers) throws InterruptedException {
        Polling.until(Duration.ofSeconds(60), Duration.ofMillis(200), () -> readModelDifferences(customers),
                List::isEmpty, "the read model to converge");
    }

    private static List<String> readModelDifferences(List<Customer> customers) {
        Map<String, JsonNode> summaries = new HashMap<>();
        client.accountSummaries().forEach(s -> summaries.put(s.get("accountId").asText(), s));
        List<String> differences = new ArrayList<>();
        for (Customer customer : customers) {
            JsonNode account = client.account(customer.accountId());
            JsonNode summary = summaries.get(customer.accountId());
            if (summary == null || summary.get("balance").asLong() != account.get("balance").asLong()
                    || summary.get("lastAppliedVersion").asLong() != account.get("version").asLong()) {
                differences.add(customer.accountId() + ": summary " + summary + " vs account " + account);
            }
        }
        return differences;
    }
}
