package dev.sagastack.bench.eventstore;

import dev.sagastack.account.AccountService;
import dev.sagastack.account.AccountSettings;
import dev.sagastack.account.Money;
import dev.sagastack.dynamo.DynamoClients;
import dev.sagastack.dynamo.RoundTripCounter;
import dev.sagastack.eventstore.AppendRequest;
import dev.sagastack.eventstore.ConcurrencyConflict;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.eventstore.NewEvent;
import dev.sagastack.eventstore.StreamId;
import dev.sagastack.local.dynamodb.DynamoDbServer;
import dev.sagastack.schema.TableSpecs;
import dev.sagastack.schema.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends per second with 4 writer threads on 1 stream and on 100 streams, and the DynamoDB round
 * trips each command costs, counted by an SDK ExecutionInterceptor. Runs the embedded engine
 * in-process on 127.0.0.1, so figures measure the engine plus our code, not DynamoDB's latency.
 */
public final class EventStoreBenchmark {

    private static final int THREADS = 4;

    private final DynamoDbClient client;
    private final RoundTripCounter trips;
    private final String table;
    private final EventStore store;

    private EventStoreBenchmark(DynamoDbClient client, RoundTripCounter trips, String table) {
        this.client = client;
        this.trips = trips;
        this.table = table;
        this.store = EventStore.create(client, table, Clock.systemUTC());
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : new Random().nextLong();
        try (DynamoDbServer server = DynamoDbServer.start(DynamoDbServer.Options.defaults())) {
            RoundTripCounter trips = new RoundTripCounter();
            DynamoDbClient client = DynamoClients.create(
                    DynamoClients.Settings.local(server.endpoint()).withRoundTripCounter(trips));
            client.createTable(TableSpecs.createTableRequest(Tables.EVENT_STORE, "bench-events"));
            EventStoreBenchmark bench = new EventStoreBenchmark(client, trips, "bench-events");
            System.out.printf("event-store benchmark: %d s per scenario, %d threads, %d cores, seed %d%n",
                    seconds, THREADS, Runtime.getRuntime().availableProcessors(), seed);
            bench.throughput("warm-up (discarded)", 1, Math.max(2, seconds / 3), seed);
            bench.throughput("1 stream", 1, seconds, seed);
            bench.throughput("100 streams", 100, seconds, seed);
            bench.roundTrips();
            client.close();
        }
    }

    private void throughput(String name, int streams, int seconds, long seed) throws Exception {
        String run = Long.toString(System.nanoTime());
        List<StreamId> ids = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            ids.add(new StreamId("Bench", run + "-" + i));
        }
        Map<StreamId, Long> known = new ConcurrentHashMap<>();
        AtomicLong appends = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        trips.reset();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> writers = new ArrayList<>();
        AtomicInteger threadNo = new AtomicInteger();
        for (int t = 0; t < THREADS; t++) {
            writers.add(pool.submit(() -> {
                Random random = new Random(seed + threadNo.incrementAndGet());
                start.await();
                while (System.nanoTime() < deadline) {
                    StreamId stream = ids.get(random.nextInt(ids.size()));
                    long expected = known.getOrDefault(stream, 0L);
                    try {
                        long version = store.append(AppendRequest.of(stream, expected,
                                List.of(new NewEvent("Ticked", "{\"at\":" + System.nanoTime() + "}")))).lastVersion();
                        known.merge(stream, version, Math::max);
                        appends.incrementAndGet();
                    } catch (ConcurrencyConflict e) {
                        known.merge(stream, e.currentVersion(), Math::max);
                        conflicts.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        long began = System.nanoTime();
        start.countDown();
        for (Future<?> writer : writers) {
            writer.get();
        }
        double elapsed = (System.nanoTime() - began) / 1e9;
        pool.shutdown();
        long transactions = trips.count("TransactWriteItems");
        System.out.printf("%-20s %8.0f appends/s  (%d appends, %d conflicts; %d TransactWriteItems = 1 per attempt, "
                        + "%.2f per successful append)%n",
                name, appends.get() / elapsed, appends.get(), conflicts.get(), transactions,
                (double) transactions / Math.max(1, appends.get()));
    }

    private void roundTrips() {
        System.out.println();
        System.out.println("DynamoDB round trips per command (SDK ExecutionInterceptor):");
        StreamId stream = new StreamId("Bench", "round-trips-" + System.nanoTime());
        store.append(AppendRequest.of(stream, 0, List.of(new NewEvent("Ticked", "{}"))));
        report("append of 1 event", () -> store.append(AppendRequest.of(stream, 1, List.of(new NewEvent("Ticked", "{}")))));
        report("append of 50 events with command id", () -> store.append(AppendRequest.of(stream, 2,
                java.util.Collections.nCopies(50, new NewEvent("Ticked", "{}"))).withCommand("c-1", "f", java.util.Optional.empty())));
        report("retried command (duplicate)", () -> store.append(AppendRequest.of(stream, 2,
                java.util.Collections.nCopies(50, new NewEvent("Ticked", "{}"))).withCommand("c-1", "f", java.util.Optional.empty())));
        report("load of 52 events, no snapshot", () -> store.load(stream));

        int snapshotEvery = 50;
        AccountService accounts = AccountService.create(store, new AccountSettings(snapshotEvery, 8), Clock.systemUTC());
        accounts.open("bench-acc", "owner", "EUR", "open");
        for (int i = 0; i < 120; i++) {
            accounts.deposit("bench-acc", Money.of(100, "EUR"), "seed-" + i);
        }
        // a service that has not written the account yet (another container) loads it first
        AccountService elsewhere = AccountService.create(store, new AccountSettings(snapshotEvery, 8), Clock.systemUTC());
        report("account deposit, first in a container", () -> elsewhere.deposit("bench-acc", Money.of(5, "EUR"), "d-0"));
        report("account deposit after its own append", () -> elsewhere.deposit("bench-acc", Money.of(5, "EUR"), "d-x"));
        report("account withdraw after its own append", () -> elsewhere.withdraw("bench-acc", Money.of(5, "EUR"), "w-x"));
        report("account withdraw after a write elsewhere", () -> accounts.withdraw("bench-acc", Money.of(5, "EUR"), "w-y"));
        report("account load with snapshot", () -> accounts.load("bench-acc"));
        report("retried withdraw (replayed receipt)", () -> accounts.withdraw("bench-acc", Money.of(5, "EUR"), "w-x"));

        // with the default settings the head carries the current state, which a refused append returns
        AccountService one = AccountService.create(store, AccountSettings.defaults(), Clock.systemUTC());
        AccountService other = AccountService.create(store, AccountSettings.defaults(), Clock.systemUTC());
        one.open("bench-acc-2", "owner", "EUR", "open");
        one.deposit("bench-acc-2", Money.of(1_000, "EUR"), "fund");
        other.deposit("bench-acc-2", Money.of(1, "EUR"), "elsewhere");
        report("withdraw after a write elsewhere (defaults)", () -> one.withdraw("bench-acc-2", Money.of(5, "EUR"), "w-z"));
        report("account load (defaults)", () -> one.load("bench-acc-2"));
    }

    private void report(String what, Runnable command) {
        trips.reset();
        command.run();
        System.out.printf("  %-44s %d  %s%n", what, trips.total(), trips.snapshot());
    }
}
