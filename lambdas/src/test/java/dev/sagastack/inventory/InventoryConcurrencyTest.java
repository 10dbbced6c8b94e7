package dev.sagastack.inventory;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Several containers (one connection each) reserving and releasing the same scarce SKUs at once. */
class InventoryConcurrencyTest {

    private static final List<String> SKUS = List.of("A", "B", "C");

    @Test
    void concurrentOrdersNeverOversellAndReleasesReturnExactlyWhatWasHeld() throws Exception {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("InventoryConcurrencyTest seed=" + seed + " (rerun with -Dseed=" + seed + ")");
        Random random = new Random(seed);
        InventoryDatabaseSettings settings = TestDatabases.migratedDatabase();
        ConnectionFactory factory = InventoryDatabase.connectionFactory(settings);
        try (InventoryDatabase admin = InventoryDatabase.connect(factory)) {
            InventoryService inventory = InventoryService.create(admin);
            SKUS.forEach(sku -> inventory.setAvailable(sku, 10));

            int containers = 6;
            int orders = 40;
            List<List<ReservationLine>> requests = new ArrayList<>();
            List<Boolean> releaseAfter = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                List<ReservationLine> lines = new ArrayList<>();
                for (String sku : SKUS) {
                    if (random.nextBoolean() || lines.isEmpty() && sku.equals("C")) {
                        lines.add(new ReservationLine(sku, 1 + random.nextInt(4)));
                    }
                }
                requests.add(lines);
                releaseAfter.add(random.nextInt(3) == 0);
            }

            ExecutorService pool = Executors.newFixedThreadPool(containers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<ReservationLine>>> results = new ArrayList<>();
            List<InventoryDatabase> connections = new ArrayList<>();
            for (int c = 0; c < containers; c++) {
                connections.add(InventoryDatabase.connect(factory));
            }
            for (int i = 0; i < orders; i++) {
                int order = i;
                InventoryService container = InventoryService.create(connections.get(i % containers));
                Callable<List<ReservationLine>> work = () -> {
                    start.await();
                    String orderId = "o-" + order;
                    try {
                        container.reserve(orderId, requests.get(order));
                        // a duplicate delivery must not take stock twice
                        container.reserve(orderId, requests.get(order));
                    } catch (InsufficientStockException e) {
                        container.release(orderId);
                        return List.of();
                    }
                    if (releaseAfter.get(order)) {
                        Release release = container.release(orderId);
                        assertThat(release.lines()).isEqualTo(sortedBySku(requests.get(order)));
                        return List.of();
                    }
                    return requests.get(order);
                };
                results.add(pool.submit(work));
            }
            start.countDown();
            long[] held = new long[SKUS.size()];
            for (Future<List<ReservationLine>> result : results) {
                for (ReservationLine line : result.get()) {
                    held[SKUS.indexOf(line.sku())] += line.quantity();
                }
            }
            pool.shutdown();
            connections.forEach(InventoryDatabase::close);

            for (int s = 0; s < SKUS.size(); s++) {
                StockLevel level = inventory.stockLevel(SKUS.get(s)).orElseThrow();
                assertThat(level.available()).as("available %s", level.sku()).isGreaterThanOrEqualTo(0);
                assertThat(level.reserved()).as("reserved %s", level.sku()).isEqualTo(held[s]);
                assertThat(level.available() + level.reserved()).as("total %s", level.sku()).isEqualTo(10);
            }
        }
    }

    private static List<ReservationLine> sortedBySku(List<ReservationLine> lines) {
        return lines.stream().sorted(java.util.Comparator.comparing(ReservationLine::sku)).toList();
    }
}
