package dev.sagastack.systemtest.saga;

import dev.sagastack.local.stepfunctions.ExecutionInfo;
import dev.sagastack.local.stepfunctions.ExecutionStatus;
import dev.sagastack.order.OrderLine;
import dev.sagastack.order.OrderStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.sagastack.systemtest.saga.SagaAssertions.assertEffectsAtMostOnce;
import static dev.sagastack.systemtest.saga.SagaAssertions.assertInvariants;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 50 orders started at once against scarce stock and thin accounts, with lost responses injected at
 * random: some orders must fail for stock, some for funds, and none may oversell, overdraw, or take an
 * effect twice.
 */
class OrderSagaConcurrencyTest {

    private static final List<String> SKUS = List.of("APPLE", "PEAR", "PLUM");
    private static final List<String> STEPS = List.of("ReserveInventory", "ProcessPayment", "CreateShipment",
            "ConfirmOrder", "RefundPayment", "ReleaseInventory");

    @Test
    void fiftyCompetingOrdersNeverOversellOrOverdrawAndEveryOrderEndsFinal() throws Exception {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("OrderSagaConcurrencyTest seed=" + seed + " (rerun with -Dseed=" + seed + ")");
        Random random = new Random(seed);
        try (SagaWorld world = new SagaWorld(seed)) {
            SKUS.forEach(sku -> world.stock(sku, 12));
            List<String[]> customers = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                String userId = world.user("customer" + c);
                customers.add(new String[] {userId, world.account(userId, 2_000 + random.nextInt(6_000))});
            }
            // a lost response on the first attempt of ~20% of the steps, decided by the seed
            for (String step : STEPS) {
                world.inject(step, (execution, attempt) -> attempt == 0
                        && new Random(seed ^ execution.hashCode() * 31L ^ step.hashCode()).nextInt(5) == 0
                        ? Fault.CRASH_AFTER_EFFECT : Fault.NONE);
            }

            Map<String, List<OrderLine>> orders = new LinkedHashMap<>();
            Map<String, String[]> buyers = new LinkedHashMap<>();
            for (int i = 0; i < 50; i++) {
                List<OrderLine> lines = new ArrayList<>();
                for (String sku : SKUS) {
                    if (random.nextInt(3) == 0 || lines.isEmpty() && sku.equals("PLUM")) {
                        lines.add(new OrderLine(sku, 1 + random.nextInt(3), 100 + random.nextInt(900)));
                    }
                }
                String orderId = "order-" + i;
                orders.put(orderId, lines);
                buyers.put(orderId, customers.get(random.nextInt(customers.size())));
            }

            ExecutorService clients = Executors.newFixedThreadPool(16);
            List<Future<String>> started = new ArrayList<>();
            orders.forEach((orderId, lines) -> started.add(clients.submit(() ->
                    world.startOrder(orderId, buyers.get(orderId)[0], buyers.get(orderId)[1], lines))));
            List<ExecutionInfo> finished = new ArrayList<>();
            for (Future<String> arn : started) {
                finished.add(world.await(arn.get()));
            }
            clients.shutdown();

            Map<String, Integer> outcomes = new LinkedHashMap<>();
            for (ExecutionInfo done : finished) {
                assertThat(done.status()).as(done.name()).isIn(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED);
                assertThat(world.statesEntered(done.executionArn())).as(done.name()).doesNotContain("CompensationFailed");
                outcomes.merge(done.status() == ExecutionStatus.SUCCEEDED ? "CONFIRMED" : done.error().orElseThrow(),
                        1, Integer::sum);
                assertEffectsAtMostOnce(world, done.executionArn());
            }
            System.out.println("outcomes: " + outcomes + ", execution environments started: " + world.containers.started());
            assertThat(outcomes).containsKey("CONFIRMED");
            assertThat(outcomes.keySet()).as("scarcity made some orders fail").hasSizeGreaterThan(1);
            for (String orderId : orders.keySet()) {
                assertThat(world.orders.get(orderId).orElseThrow().status())
                        .isIn(OrderStatus.CONFIRMED, OrderStatus.CANCELLED);
            }
            assertInvariants(world, orders.keySet());
        }
    }
}
