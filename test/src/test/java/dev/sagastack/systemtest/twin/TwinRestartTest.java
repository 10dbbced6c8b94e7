package dev.sagastack.systemtest.twin;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.sagastack.systemtest.twin.TwinClient.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The twin killed with {@code kill -9} in the middle of a stream of orders, then started again on the same
 * {@code --data-dir}: every order the API acknowledged is still there and its saga finishes (an execution
 * that was running resumes), with stock and money conserved.
 */
class TwinRestartTest {

    private TwinProcess twin;
    private Path dataDirectory;

    @AfterEach
    void stop() throws Exception {
        if (twin != null) {
            twin.close();
        }
        if (dataDirectory != null) {
            TwinProcess.deleteRecursively(dataDirectory);
        }
    }

    private record Placed(String orderId, String accountId, String sku, int quantity, long total) {
    }

    @Test
    void restartsAfterKillMinusNineAndAfterCtrlCLoseNoAcknowledgedOrderAndFinishEverySaga() throws Exception {
        long seed = System.nanoTime();
        System.out.println("TwinRestartTest seed " + seed);
        Random random = new Random(seed);
        dataDirectory = Files.createTempDirectory("twin-restart");
        twin = TwinProcess.start("restart-1", "--data-dir", dataDirectory.toString());
        TwinClient first = new TwinClient(twin.api());

        List<String> users = new ArrayList<>();
        List<String> accounts = new ArrayList<>();
        long deposited = 0;
        for (int i = 0; i < 4; i++) {
            users.add(first.user("restart" + i));
            long deposit = 20_000 + random.nextInt(10_000);
            accounts.add(first.account(users.get(i), deposit));
            deposited += deposit;
        }
        String sku = first.stock("durable", 40);

        List<Placed> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService buyers = Executors.newFixedThreadPool(4);
        for (int b = 0; b < 4; b++) {
            int buyer = b;
            long buyerSeed = random.nextLong();
            buyers.submit(() -> {
                Random r = new Random(buyerSeed);
                while (!stop.get()) {
                    int quantity = 1 + r.nextInt(2);
                    long price = 200 + r.nextInt(800);
                    try {
                        TwinClient.Response created = first.order(users.get(buyer), accounts.get(buyer),
                                List.of(line(sku, quantity, price)));
                        if (created.status() == 202) {
                            acknowledged.add(new Placed(created.body().get("orderId").asText(), accounts.get(buyer),
                                    sku, quantity, quantity * price));
                        }
                    } catch (RuntimeException e) {
                        return null; // the twin is gone: only acknowledged orders count
                    }
                }
                return null;
            });
        }
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (acknowledged.size() < 12 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        twin.kill();
        stop.set(true);
        buyers.shutdown();
        assertThat(buyers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        List<Placed> before = List.copyOf(acknowledged);
        assertThat(before).as("orders acknowledged before the kill").hasSizeGreaterThanOrEqualTo(12);

        twin = TwinProcess.start("restart-2", "--data-dir", dataDirectory.toString());
        TwinClient client = new TwinClient(twin.api());

        long reserved = 0;
        Map<String, Long> charged = new java.util.HashMap<>();
        for (Placed order : before) {
            JsonNode finished = client.awaitTerminal(order.orderId(), Duration.ofSeconds(180));
            assertThat(finished.get("status").asText()).as("order %s (seed %d)", order.orderId(), seed)
                    .isIn("CONFIRMED", "CANCELLED");
            if (finished.get("status").asText().equals("CANCELLED")) {
                // Stock can run out; nothing else may stop an order here (a restart must not fail a step).
                assertThat(finished.get("failure").path("error").asText()).as("why %s was cancelled: %s",
                        order.orderId(), finished).isEqualTo("InsufficientStock");
            }
            JsonNode execution = client.execution(finished.get("executionArn").asText()).get("execution");
            assertThat(execution.get("status").asText()).isIn("SUCCEEDED", "FAILED");
            if (finished.get("status").asText().equals("CONFIRMED")) {
                reserved += order.quantity();
                charged.merge(order.accountId(), order.total(), Long::sum);
            }
        }
        JsonNode inventory = client.inventory(sku);
        assertThat(inventory.get("available").asLong() + inventory.get("reserved").asLong()).isEqualTo(40);
        long balances = 0;
        for (String account : accounts) {
            long balance = client.account(account).get("balance").asLong();
            assertThat(balance).isGreaterThanOrEqualTo(0);
            balances += balance;
        }
        long confirmedTotals = charged.values().stream().mapToLong(Long::longValue).sum();
        // Orders acknowledged just before the kill but not seen by the test may also have been charged;
        // every acknowledged order the test saw is accounted for, and no money appeared or vanished.
        assertThat(inventory.get("reserved").asLong()).isGreaterThanOrEqualTo(reserved);
        assertThat(balances + confirmedTotals).isLessThanOrEqualTo(deposited);
        // An order the kill caught between its write and StartExecution was never acknowledged; it stays
        // PENDING without an execution until the client retries it (with its Idempotency-Key). One the kill caught
        // after StartExecution but before its 202 reached the client has an execution, which runs to its end.
        java.util.Set<String> acknowledgedIds = new java.util.HashSet<>();
        before.forEach(o -> acknowledgedIds.add(o.orderId()));
        boolean finishedUnacknowledged = false;
        for (JsonNode pending : client.get("/orders?status=PENDING").path("items")) {
            String orderId = pending.get("orderId").asText();
            assertThat(acknowledgedIds).as("an acknowledged order left pending").doesNotContain(orderId);
            // the view names the execution the order's id determines
            String executionArn = pending.get("executionArn").asText();
            assertThat(executionArn).contains(":execution:").endsWith(":" + orderId);
            int execution = client.send("GET", "/_local/api/executions/" + java.net.URLEncoder.encode(executionArn,
                    java.nio.charset.StandardCharsets.UTF_8), null).status();
            assertThat(execution).as("a pending order's execution is absent or runs").isIn(200, 404);
            if (execution == 200) {
                JsonNode settled = client.awaitTerminal(orderId, Duration.ofSeconds(120));
                assertThat(settled.get("status").asText()).as("the started saga of an unacknowledged order ends")
                        .isIn("CONFIRMED", "CANCELLED");
                finishedUnacknowledged = true;
            }
        }
        if (finishedUnacknowledged) {
            balances = 0;
            for (String account : accounts) {
                balances += client.account(account).get("balance").asLong();
            }
        }
        long allConfirmed = 0;
        String cursor = null;
        do {
            JsonNode page = client.get("/orders?status=CONFIRMED" + (cursor == null ? ""
                    : "&cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8)));
            for (JsonNode order : page.path("items")) {
                allConfirmed += order.get("total").asLong();
            }
            cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        assertThat(balances + allConfirmed).as("money conserved over every confirmed order (seed %d)", seed)
                .isEqualTo(deposited);

        // Ctrl-C while sagas run, then start again: the clean shutdown keeps the running executions, which finish.
        List<String> inFlight = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            TwinClient.Response created = client.order(users.get(i % users.size()), accounts.get(i % accounts.size()),
                    List.of(line(sku, 1, 100)));
            assertThat(created.status()).isEqualTo(202);
            inFlight.add(created.body().get("orderId").asText());
        }
        twin.close();
        assertThat(twin.exitCode()).as("exit status after SIGTERM").isIn(0, 143);
        twin = TwinProcess.start("restart-3", "--data-dir", dataDirectory.toString());
        TwinClient third = new TwinClient(twin.api());
        for (String orderId : inFlight) {
            JsonNode finished = third.awaitTerminal(orderId, Duration.ofSeconds(180));
            assertThat(finished.get("status").asText()).as("order %s after a clean restart: %s", orderId, finished).isEqualTo("CONFIRMED");
        }
        JsonNode after = third.inventory(sku);
        assertThat(after.get("available").asLong() + after.get("reserved").asLong()).isEqualTo(40);
    }
}
