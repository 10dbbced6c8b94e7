package dev.sagastack.local.dynamodb.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A commit never makes part of a group of changes durable (a transaction's items, an item and its stream
 * record): what a crash after any acknowledged write leaves must be whole transactions only.
 */
class MvStorePersistenceTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** What a process opening the file as it is now would find (the copy stands for a crash right here). */
    private static List<String> durableItems(Path dir, Path copyDir) throws Exception {
        Files.createDirectories(copyDir);
        Files.copy(dir.resolve(MvStorePersistence.FILE_NAME), copyDir.resolve(MvStorePersistence.FILE_NAME));
        List<String> keys = new ArrayList<>();
        try (MvStorePersistence reopened = new MvStorePersistence(copyDir)) {
            reopened.forEachItem("t", (k, v) -> keys.add(new String(k, StandardCharsets.UTF_8)));
        }
        return keys;
    }

    @Test
    void aCommitWaitsForTheGroupsInProgressAndMakesThemDurableWhole(@TempDir Path dir) throws Exception {
        try (MvStorePersistence persistence = new MvStorePersistence(dir)) {
            persistence.putItem("t", bytes("before"), bytes("1"));
            persistence.sync();
            CountDownLatch halfWay = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            CompletableFuture<Void> transaction = CompletableFuture.runAsync(() -> persistence.atomically(() -> {
                persistence.putItem("t", bytes("event"), bytes("2"));
                halfWay.countDown();
                try {
                    assertThat(finish.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                persistence.putItem("t", bytes("head"), bytes("2"));
            }));
            assertThat(halfWay.await(10, TimeUnit.SECONDS)).isTrue();

            // another request's acknowledgement: its commit must not cut the transaction in half
            CompletableFuture<Void> otherAck = CompletableFuture.runAsync(persistence::sync);
            Thread.sleep(300);
            assertThat(otherAck).as("commit waits for the group in progress").isNotDone();

            finish.countDown();
            transaction.get(10, TimeUnit.SECONDS);
            otherAck.get(10, TimeUnit.SECONDS);
            assertThat(durableItems(dir, dir.resolve("after-commit"))).containsExactlyInAnyOrder("before", "event", "head");
        }
    }

    @Test
    void groupsRunConcurrentlyAndNest(@TempDir Path dir) throws Exception {
        try (MvStorePersistence persistence = new MvStorePersistence(dir)) {
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 200; i++) {
                        int n = i;
                        persistence.atomically(() -> {
                            persistence.putItem("t", bytes(writer + "-a-" + n), bytes("x"));
                            persistence.atomically(() -> persistence.putItem("t", bytes(writer + "-b-" + n), bytes("x")));
                        });
                        if (n % 20 == 0) {
                            persistence.sync();
                        }
                    }
                }));
            }
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            persistence.sync();
            List<String> durable = durableItems(dir, dir.resolve("copy"));
            assertThat(durable).hasSize(4 * 200 * 2);
        }
    }
}
