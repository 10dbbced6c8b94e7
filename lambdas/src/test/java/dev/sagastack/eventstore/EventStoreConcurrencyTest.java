package dev.sagastack.eventstore;

import dev.sagastack.dynamo.LocalDynamoDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class EventStoreConcurrencyTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    private static final int THREADS = 8;
    private static final int APPENDS = 1_000;

    @Test
    void eightWritersAppendingOneThousandTimesToOneStreamLeaveVersionsOneToNWithoutGapOrDuplicate() throws Exception {
        EventStore store = EventStore.create(DYNAMO.client(), DYNAMO.createTables().eventStore(), Clock.systemUTC());
        StreamId stream = new StreamId("Counter", "shared");
        AtomicInteger tickets = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> writers = new ArrayList<>();
        for (int w = 0; w < THREADS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                start.await();
                int appended = 0;
                long expected = store.currentVersion(stream);
                for (int ticket = tickets.getAndIncrement(); ticket < APPENDS; ticket = tickets.getAndIncrement()) {
                    NewEvent event = new NewEvent("Ticked", "{\"ticket\":" + ticket + ",\"writer\":" + writer + "}");
                    while (true) {
                        try {
                            expected = store.append(AppendRequest.of(stream, expected, List.of(event))).lastVersion();
                            appended++;
                            break;
                        } catch (ConcurrencyConflict e) {
                            // surfaced with the version that won: retry right after it
                            assertThat(e.currentVersion()).isGreaterThan(e.expectedVersion());
                            conflicts.incrementAndGet();
                            expected = e.currentVersion();
                        }
                    }
                }
                return appended;
            }));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> writer : writers) {
            total += writer.get();
        }
        pool.shutdown();
        System.out.printf("%d appends by %d writers, %d conflicts surfaced and retried%n", total, THREADS, conflicts.get());

        List<StoredEvent> events = store.read(stream, 1, 2 * APPENDS);
        assertThat(total).isEqualTo(APPENDS);
        assertThat(events).extracting(StoredEvent::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, APPENDS).boxed().toList());
        Set<String> seen = new HashSet<>();
        for (StoredEvent event : events) {
            String ticket = event.payload().replaceAll(".*\"ticket\":(\\d+).*", "$1");
            assertThat(seen.add(ticket)).as("ticket %s appended once", ticket).isTrue();
        }
        assertThat(seen).hasSize(APPENDS);
        assertThat(store.currentVersion(stream)).isEqualTo(APPENDS);
        assertThat(conflicts.get()).as("writers raced for the same versions").isPositive();
    }
}
