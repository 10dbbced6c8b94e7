package dev.sagastack.eventstore;

import dev.sagastack.dynamo.DataTables;
import dev.sagastack.dynamo.LocalDynamoDb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventStoreTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    private EventStore store;
    private final StreamId stream = new StreamId("Thing", "t-1");

    @BeforeEach
    void setUp() {
        DataTables tables = DYNAMO.createTables();
        store = EventStore.create(DYNAMO.client(), tables.eventStore(), Clock.systemUTC());
    }

    private static List<NewEvent> events(int count, String prefix) {
        return IntStream.range(0, count).mapToObj(i -> new NewEvent("Happened", "{\"n\":\"" + prefix + i + "\"}")).toList();
    }

    @Test
    void appendAssignsConsecutiveVersionsAndReadReturnsThemInOrder() {
        AppendResult first = store.append(AppendRequest.of(stream, 0, events(3, "a")));
        AppendResult second = store.append(AppendRequest.of(stream, 3, events(2, "b")));

        assertThat(first.firstVersion()).isEqualTo(1);
        assertThat(first.lastVersion()).isEqualTo(3);
        assertThat(second.firstVersion()).isEqualTo(4);
        assertThat(second.lastVersion()).isEqualTo(5);
        assertThat(store.currentVersion(stream)).isEqualTo(5);
        assertThat(store.read(stream, 1, 100)).extracting(StoredEvent::version).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(store.read(stream, 4, 100)).extracting(StoredEvent::payload)
                .containsExactly("{\"n\":\"b0\"}", "{\"n\":\"b1\"}");
        assertThat(store.read(stream, 2, 2)).extracting(StoredEvent::version).containsExactly(2L, 3L);
    }

    @Test
    void appendIsOneTransactWriteItems() {
        store.append(AppendRequest.of(stream, 0, events(1, "x")));
        DYNAMO.roundTrips().reset();

        store.append(AppendRequest.of(stream, 1, events(5, "y")).withCommand("cmd-1", "f", Optional.empty()));

        assertThat(DYNAMO.roundTrips().snapshot()).containsExactlyEntriesOf(java.util.Map.of("TransactWriteItems", 1L));
    }

    @Test
    void staleExpectedVersionIsAConflictCarryingTheCurrentVersionAndWritesNothing() {
        store.append(AppendRequest.of(stream, 0, events(4, "a")));

        assertThatThrownBy(() -> store.append(AppendRequest.of(stream, 2, events(1, "late"))))
                .isInstanceOfSatisfying(ConcurrencyConflict.class, e -> {
                    assertThat(e.currentVersion()).isEqualTo(4);
                    assertThat(e.expectedVersion()).isEqualTo(2);
                });
        assertThatThrownBy(() -> store.append(AppendRequest.of(stream, 0, events(1, "new"))))
                .isInstanceOfSatisfying(ConcurrencyConflict.class, e -> assertThat(e.currentVersion()).isEqualTo(4));
        assertThat(store.read(stream, 1, 100)).hasSize(4).noneMatch(e -> e.payload().contains("late"));
    }

    @Test
    void aRefusedAppendCarriesTheHeadsVersionAndCurrentStateWithoutARead() {
        store.append(AppendRequest.of(stream, 0, events(2, "a")).withSnapshot(new Snapshot(2, "{\"s\":2}")));
        store.append(AppendRequest.of(stream, 2, events(1, "b")).withSnapshot(new Snapshot(3, "{\"s\":3}")));
        DYNAMO.roundTrips().reset();

        assertThatThrownBy(() -> store.append(AppendRequest.of(stream, 2, events(1, "late"))))
                .isInstanceOfSatisfying(ConcurrencyConflict.class, e -> {
                    assertThat(e.currentVersion()).isEqualTo(3);
                    assertThat(e.currentState()).contains(new Snapshot(3, "{\"s\":3}"));
                });
        assertThat(DYNAMO.roundTrips().snapshot()).containsExactlyEntriesOf(java.util.Map.of("TransactWriteItems", 1L));

        // a head whose snapshot is older than its version gives the version but no current state
        store.append(AppendRequest.of(stream, 3, events(1, "c")));
        assertThatThrownBy(() -> store.append(AppendRequest.of(stream, 3, events(1, "late"))))
                .isInstanceOfSatisfying(ConcurrencyConflict.class, e -> {
                    assertThat(e.currentVersion()).isEqualTo(4);
                    assertThat(e.currentState()).isEmpty();
                });
    }

    @Test
    void aheadExpectedVersionIsAConflictToo() {
        store.append(AppendRequest.of(stream, 0, events(1, "a")));

        assertThatThrownBy(() -> store.append(AppendRequest.of(stream, 5, events(1, "gap"))))
                .isInstanceOfSatisfying(ConcurrencyConflict.class, e -> assertThat(e.currentVersion()).isEqualTo(1));
        assertThat(store.read(stream, 1, 100)).hasSize(1);
    }

    @Test
    void retriedCommandAppendsNothingAndReturnsTheOriginalResult() {
        store.append(AppendRequest.of(stream, 0, events(2, "a")));
        AppendResult original = store.append(AppendRequest.of(stream, 2, events(2, "cmd"))
                .withCommand("pay-1", "withdraw|5", Optional.of("receipt-1")));
        store.append(AppendRequest.of(stream, 4, events(1, "other")));

        // the retry arrives with a stale version (it re-read before the first attempt landed) or a current one
        AppendResult staleRetry = store.append(AppendRequest.of(stream, 2, events(2, "cmd"))
                .withCommand("pay-1", "withdraw|5", Optional.of("receipt-2")));
        AppendResult currentRetry = store.append(AppendRequest.of(stream, 5, events(2, "cmd"))
                .withCommand("pay-1", "withdraw|5", Optional.of("receipt-3")));

        assertThat(original.duplicate()).isFalse();
        for (AppendResult retry : List.of(staleRetry, currentRetry)) {
            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.firstVersion()).isEqualTo(3);
            assertThat(retry.lastVersion()).isEqualTo(4);
            assertThat(retry.result()).contains("receipt-1");
        }
        assertThat(store.currentVersion(stream)).isEqualTo(5);
        assertThat(store.read(stream, 1, 100)).hasSize(5);
    }

    @Test
    void reusedCommandIdWithOtherContentIsRejected() {
        store.append(AppendRequest.of(stream, 0, events(1, "a")).withCommand("c-1", "deposit|5", Optional.empty()));

        assertThatThrownBy(() -> store.append(AppendRequest.of(stream, 1, events(1, "b"))
                .withCommand("c-1", "deposit|6", Optional.empty())))
                .isInstanceOf(CommandConflict.class);
        assertThat(store.currentVersion(stream)).isEqualTo(1);
    }

    @Test
    void appendWithAPrerequisiteHappensOnlyWhenThatCommandWasRecordedWithThatFingerprint() {
        store.append(AppendRequest.of(stream, 0, events(1, "a")).withCommand("pay-1", "withdraw|5", Optional.empty()));
        DYNAMO.roundTrips().reset();

        AppendResult refund = store.append(AppendRequest.of(stream, 1, events(1, "refund"))
                .withCommand("refund-1", "deposit|5", Optional.empty()).requiring("pay-1", "withdraw|5"));

        assertThat(refund.lastVersion()).isEqualTo(2);
        assertThat(DYNAMO.roundTrips().snapshot()).containsExactlyEntriesOf(java.util.Map.of("TransactWriteItems", 1L));
        for (AppendRequest refused : List.of(
                AppendRequest.of(stream, 2, events(1, "x")).requiring("pay-1", "withdraw|6"),
                AppendRequest.of(stream, 2, events(1, "x")).requiring("pay-2", "withdraw|5"),
                // a stale version as well: the missing prerequisite is what is reported
                AppendRequest.of(stream, 1, events(1, "x")).withCommand("refund-2", "deposit|5", Optional.empty())
                        .requiring("pay-2", "withdraw|5"))) {
            assertThatThrownBy(() -> store.append(refused)).isInstanceOfSatisfying(PrerequisiteMissing.class,
                    e -> assertThat(e.commandId()).isEqualTo(refused.prerequisite().orElseThrow().commandId()));
        }
        assertThat(store.currentVersion(stream)).isEqualTo(2);
        assertThat(store.findCommand(stream, "refund-2")).isEmpty();
        // a retried guarded append is a duplicate, as any retried command
        assertThat(store.append(AppendRequest.of(stream, 2, events(1, "refund"))
                .withCommand("refund-1", "deposit|5", Optional.empty()).requiring("pay-1", "withdraw|5")).duplicate())
                .isTrue();
        assertThatThrownBy(() -> AppendRequest.claim(stream, "c", "f", Optional.empty()).requiring("pay-1", "withdraw|5"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoWritersWithTheSameExpectedVersionExactlyOneWins() throws Exception {
        store.append(AppendRequest.of(stream, 0, events(1, "a")));
        for (int round = 0; round < 20; round++) {
            long expected = store.currentVersion(stream);
            var start = new java.util.concurrent.CountDownLatch(1);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            List<java.util.concurrent.Future<Boolean>> outcomes = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        store.append(AppendRequest.of(stream, expected, events(1, "w" + writer)));
                        return true;
                    } catch (ConcurrencyConflict e) {
                        assertThat(e.currentVersion()).isEqualTo(expected + 1);
                        return false;
                    }
                }));
            }
            start.countDown();
            int wins = 0;
            for (var outcome : outcomes) {
                wins += outcome.get() ? 1 : 0;
            }
            pool.shutdown();
            assertThat(wins).as("round %d", round).isEqualTo(1);
            assertThat(store.currentVersion(stream)).isEqualTo(expected + 1);
        }
    }

    @Test
    void appendsOfMoreEventsThanOneTransactionHoldsAreRejectedBeforeWriting() {
        assertThat(store.append(AppendRequest.of(stream, 0, events(99, "max"))).lastVersion()).isEqualTo(99);
        assertThat(store.append(AppendRequest.of(stream, 99, events(98, "cmd"))
                .withCommand("big", "f", Optional.empty())).lastVersion()).isEqualTo(197);

        assertThatThrownBy(() -> AppendRequest.of(stream, 197, events(100, "x")))
                .isInstanceOf(TooManyEvents.class).hasMessageContaining("at most 99 events");
        assertThatThrownBy(() -> AppendRequest.of(stream, 197, events(99, "x")).withCommand("c", "f", Optional.empty()))
                .isInstanceOf(TooManyEvents.class).hasMessageContaining("at most 98 events");
        assertThat(store.currentVersion(stream)).isEqualTo(197);
    }

    @Test
    void loadWithoutSnapshotReturnsAllEvents() {
        store.append(AppendRequest.of(stream, 0, events(3, "a")));

        LoadedStream loaded = store.load(stream);

        assertThat(loaded.version()).isEqualTo(3);
        assertThat(loaded.snapshot()).isEmpty();
        assertThat(loaded.events()).extracting(StoredEvent::version).containsExactly(1L, 2L, 3L);
        assertThat(store.load(new StreamId("Thing", "absent")).exists()).isFalse();
    }

    @Test
    void loadWithSnapshotReadsOnlyLaterEventsInOneQuery() {
        store.append(AppendRequest.of(stream, 0, events(10, "a")).withSnapshot(new Snapshot(10, "{\"state\":10}")));
        store.append(AppendRequest.of(stream, 10, events(3, "b")));
        DYNAMO.roundTrips().reset();

        LoadedStream loaded = store.load(stream, 11);

        assertThat(loaded.snapshot()).contains(new Snapshot(10, "{\"state\":10}"));
        assertThat(loaded.events()).extracting(StoredEvent::version).containsExactly(11L, 12L, 13L);
        assertThat(loaded.version()).isEqualTo(13);
        assertThat(DYNAMO.roundTrips().snapshot()).containsExactlyEntriesOf(java.util.Map.of("Query", 1L));
    }

    @Test
    void loadFindsTheSnapshotBeyondTheFirstPage() {
        store.append(AppendRequest.of(stream, 0, events(5, "a")).withSnapshot(new Snapshot(5, "{\"state\":5}")));
        store.append(AppendRequest.of(stream, 5, events(20, "b")));

        LoadedStream loaded = store.load(stream, 4);

        assertThat(loaded.snapshot().map(Snapshot::version)).contains(5L);
        assertThat(loaded.events()).extracting(StoredEvent::version)
                .containsExactlyElementsOf(IntStream.rangeClosed(6, 25).mapToObj(Long::valueOf).toList());
    }

    @Test
    void commandClaimWithoutEventsIsRecordedOnce() {
        AppendRequest claim = AppendRequest.claim(stream, "void-1", "void", Optional.of("VOIDED"));

        assertThat(store.append(claim).duplicate()).isFalse();
        assertThat(store.append(claim).duplicate()).isTrue();
        assertThat(store.findCommand(stream, "void-1")).get()
                .satisfies(c -> assertThat(c.appendedEvents()).isFalse());
        assertThat(store.currentVersion(stream)).isZero();
        assertThatThrownBy(() -> store.append(AppendRequest.of(stream, 0, events(1, "x"))
                .withCommand("void-1", "withdraw|1", Optional.empty())))
                .isInstanceOf(CommandConflict.class);
        assertThat(store.currentVersion(stream)).isZero();
    }

    @Test
    void readByTypeCatchesUpAcrossStreamsFromAPosition() {
        StreamId other = new StreamId("Thing", "t-2");
        store.append(AppendRequest.of(stream, 0, List.of(new NewEvent("Created", "{}"), new NewEvent("Renamed", "{}"))));
        store.append(AppendRequest.of(other, 0, List.of(new NewEvent("Created", "{}"))));

        EventPage first = store.readByType("Created", Optional.empty(), 1);
        EventPage second = store.readByType("Created", first.position(), 10);
        EventPage third = store.readByType("Created", second.position(), 10);

        assertThat(first.events()).hasSize(1);
        assertThat(second.events()).hasSize(1);
        assertThat(List.of(first.events().get(0).stream(), second.events().get(0).stream()))
                .containsExactlyInAnyOrder(stream, other);
        assertThat(third.events()).isEmpty();
        assertThat(third.position()).isEqualTo(second.position());
    }
}
