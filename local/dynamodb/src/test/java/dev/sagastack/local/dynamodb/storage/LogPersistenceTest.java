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
 * A sync never makes part of a group of changes durable (a transaction's items, an item and its stream
 * record): what a crash after any acknowledged write leaves must be whole transactions only.
 */
class LogPersistenceTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** What a process opening the file as it is now would find (the copy stands for a crash right here). */
    private static List<String> durableItems(Path dir, Path copyDir) throws Exception {
        Files.createDirectories(copyDir);
        Files.copy(dir.resolve(LogPersistence.FILE_NAME), copyDir.resolve(LogPersistence.FILE_NAME));
        List<String> keys = new ArrayList<>();
        try (LogPersistence reopened = new LogPersistence(copyDir)) {
            reopened.forEachItem("t", (k, v) -> keys.add(new String(k, StandardCharsets.UTF_8)));
        }
        return keys;
    }

    @Test
    void aSyncDuringAGroupMakesNoneOfItDurableAndTheNextSyncAllOfIt(@TempDir Path dir) throws Exception {
        try (LogPersistence persistence = new LogPersistence(dir)) {
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

            // another request's acknowledgement must not cut the transaction in half (nor wait for it)
            CompletableFuture.runAsync(persistence::sync).get(10, TimeUnit.SECONDS);
            assertThat(durableItems(dir, dir.resolve("mid-group"))).containsExactly("before");

            finish.countDown();
            transaction.get(10, TimeUnit.SECONDS);
            persistence.sync();
            assertThat(durableItems(dir, dir.resolve("after-sync"))).containsExactlyInAnyOrder("before", "event", "head");
        }
    }

    @Test
    void groupsRunConcurrentlyAndNest(@TempDir Path dir) throws Exception {
        try (LogPersistence persistence = new LogPersistence(dir)) {
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

    @Test
    void aRecordCutShortByACrashIsDroppedAndWritingGoesOnAfterTheLastWholeOne(@TempDir Path dir) throws Exception {
        try (LogPersistence persistence = new LogPersistence(dir)) {
            persistence.putItem("t", bytes("a"), bytes("1"));
            persistence.putItem("t", bytes("b"), bytes("1"));
            persistence.sync();
        }
        Path file = dir.resolve(LogPersistence.FILE_NAME);
        long whole = Files.size(file);
        byte[] content = Files.readAllBytes(file);
        // a crash inside the write of the next record: its header and half its payload reached the file
        byte[] torn = java.util.Arrays.copyOf(content, content.length + 20);
        System.arraycopy(content, content.length / 2, torn, content.length, 20);
        Files.write(file, torn);
        try (LogPersistence reopened = new LogPersistence(dir)) {
            List<String> keys = new ArrayList<>();
            reopened.forEachItem("t", (k, v) -> keys.add(new String(k, StandardCharsets.UTF_8)));
            assertThat(keys).containsExactlyInAnyOrder("a", "b");
            assertThat(Files.size(file)).isEqualTo(whole);
            reopened.putItem("t", bytes("c"), bytes("1"));
            reopened.sync();
        }
        assertThat(durableItems(dir, dir.resolve("copy"))).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aBitFlipInTheLastRecordFailsItsChecksumAndOnlyItIsDropped(@TempDir Path dir) throws Exception {
        try (LogPersistence persistence = new LogPersistence(dir)) {
            persistence.putItem("t", bytes("a"), bytes("1"));
            persistence.sync();
            persistence.putItem("t", bytes("b"), bytes("1"));
            persistence.sync();
        }
        Path file = dir.resolve(LogPersistence.FILE_NAME);
        byte[] content = Files.readAllBytes(file);
        content[content.length - 1] ^= 1;
        Files.write(file, content);
        assertThat(durableItems(dir, dir.resolve("copy"))).containsExactly("a");
    }

    @Test
    void theLogIsRewrittenWithTheLiveStateWhenItHasDoubledEvenByAnInterruptedThread(@TempDir Path dir) throws Exception {
        byte[] value = new byte[1000];
        long largest = 0;
        try (LogPersistence persistence = new LogPersistence(dir, 200_000)) {
            for (int round = 0; round < 100; round++) {
                for (int k = 0; k < 50; k++) {
                    persistence.putItem("t", bytes("k" + k), value);
                }
                persistence.deleteItem("t", bytes("k0"));
                // as the twin's threads are: interrupted at a function's timeout while inside the engine
                Thread.currentThread().interrupt();
                persistence.sync();
                assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
                largest = Math.max(largest, persistence.logBytes());
            }
        }
        // 49 live items of about 1 KB: the file stays near twice the larger of that and the minimum, not the
        // 5 MB of every write made
        assertThat(largest).isLessThan(3 * 200_000);
        List<String> keys = durableItems(dir, dir.resolve("copy"));
        assertThat(keys).hasSize(49).doesNotContain("k0");
    }
}
