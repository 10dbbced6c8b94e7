package dev.sagastack.local.twin.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.twin.lambda.LambdaHost;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A DynamoDB stream event source mapping: reads the table's stream through the Streams API as Lambda's
 * pollers do, one reader per shard (a child shard only after its parent is finished), gathers batches of
 * up to BatchSize records within the batching window, applies the filter criteria, hands each batch to
 * {@link BatchDelivery}, and checkpoints the shard after the batch is done.
 */
public final class EventSourceMapping implements AutoCloseable {

    /** How long an idle shard reader waits before polling again (Lambda polls a shard about 4 times a second). */
    private static final Duration IDLE_POLL = Duration.ofMillis(40);
    private static final Duration SHARD_DISCOVERY = Duration.ofSeconds(1);

    private final EventSourceMappingConfig config;
    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient streams;
    private final BatchDelivery delivery;
    private final Checkpoints checkpoints;
    private final List<FilterPattern> filters;
    private final PrintStream log;
    private final String mappingId;
    private final Map<String, Thread> readers = new ConcurrentHashMap<>();
    private final Set<String> finishedShards = ConcurrentHashMap.newKeySet();
    private final AtomicLong recordsDelivered = new AtomicLong();
    private final AtomicLong recordsFiltered = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final DeadLetterStore deadLetters;
    private final Clock clock;
    private volatile boolean running;
    /** System.nanoTime() until which the shard readers poll nothing (a stalled poller, injected as a fault). */
    private volatile long pausedUntil = System.nanoTime();
    private volatile String streamArn;
    private Thread coordinator;

    public EventSourceMapping(EventSourceMappingConfig config, DynamoDbClient dynamo, DynamoDbStreamsClient streams,
                              LambdaHost lambdas, DeadLetterStore deadLetters, Checkpoints checkpoints,
                              Clock clock, PrintStream log) {
        this.config = config;
        this.dynamo = dynamo;
        this.streams = streams;
        this.delivery = new BatchDelivery(config, lambdas, deadLetters, clock);
        this.checkpoints = checkpoints;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.filters = config.filters().stream().map(FilterPattern::parse).toList();
        this.log = log;
        this.mappingId = config.tableName() + "->" + config.functionName();
    }

    public EventSourceMappingConfig config() {
        return config;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        coordinator = new Thread(this::coordinate, "esm-" + mappingId);
        coordinator.setDaemon(true);
        coordinator.start();
    }

    public MappingStats stats() {
        return new MappingStats(config.tableName(), config.functionName(), Optional.ofNullable(streamArn).orElse(""),
                readers.size(), finishedShards.size(), batches.get(), recordsDelivered.get(), recordsFiltered.get());
    }

    private void coordinate() {
        while (running) {
            try {
                if (streamArn == null) {
                    streamArn = dynamo.describeTable(b -> b.tableName(config.tableName())).table().latestStreamArn();
                }
                if (streamArn != null) {
                    List<Shard> shards = describeShards();
                    if (!checkpoints.started(mappingId)) {
                        startAtStartingPosition(shards);
                    }
                    startReadyShards(shards);
                }
            } catch (RuntimeException e) {
                if (running) {
                    log.println("[stream " + mappingId + "] shard discovery failed: " + e);
                }
            }
            if (!sleep(SHARD_DISCOVERY)) {
                return;
            }
        }
    }

    /**
     * A new mapping with StartingPosition LATEST reads only what is written after it was created: each shard of
     * the stream is checkpointed at its newest record (a closed shard is then finished at once). Shards that
     * appear later are read from their start, as Lambda reads child shards. TRIM_HORIZON needs nothing: a shard
     * without checkpoint is read from its oldest record. The mark that the mapping started is durable, so a
     * restart resumes from the checkpoints instead of starting over.
     */
    private void startAtStartingPosition(List<Shard> shards) {
        if (config.startingPosition() == EventSourceMappingConfig.StartingPosition.LATEST) {
            for (Shard shard : shards) {
                newestRecord(shard.shardId()).ifPresent(sequence -> checkpoints.put(mappingId, shard.shardId(), sequence));
            }
        }
        checkpoints.markStarted(mappingId);
    }

    private Optional<String> newestRecord(String shardId) {
        String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        String newest = null;
        while (iterator != null) {
            GetRecordsResponse response = streams.getRecords(GetRecordsRequest.builder().shardIterator(iterator).limit(1000).build());
            if (response.records().isEmpty()) {
                break;
            }
            newest = response.records().get(response.records().size() - 1).dynamodb().sequenceNumber();
            iterator = response.nextShardIterator();
        }
        return Optional.ofNullable(newest);
    }

    /** Stops the shard readers' polling for a while (records wait in the stream), as a stalled poller would. */
    public void pause(Duration duration) {
        pausedUntil = System.nanoTime() + duration.toNanos();
    }

    public Duration pausedFor() {
        return Duration.ofNanos(Math.max(0, pausedUntil - System.nanoTime()));
    }

    /**
     * Sends the records of each dead letter of this mapping not redriven yet to the function again, oldest
     * first, and marks the ones it processed. The projection's updates are conditioned on versions, so a
     * redriven record that is already applied changes nothing.
     *
     * @return how many letters were redriven and how many the function failed again
     */
    public RedriveResult redrive() {
        int done = 0;
        int failed = 0;
        for (DeadLetter letter : deadLetters.open()) {
            if (!letter.functionName().equals(config.functionName())) {
                continue;
            }
            if (delivery.redrive(letter)) {
                deadLetters.markRedriven(letter.id(), clock.instant());
                done++;
            } else {
                failed++;
            }
        }
        return new RedriveResult(config.functionName(), done, failed);
    }

    /** The outcome of one mapping's redrive. */
    public record RedriveResult(String functionName, int redriven, int failed) {
    }

    private List<Shard> describeShards() {
        List<Shard> shards = new ArrayList<>();
        String start = null;
        do {
            DescribeStreamRequest.Builder request = DescribeStreamRequest.builder().streamArn(streamArn);
            if (start != null) {
                request.exclusiveStartShardId(start);
            }
            DescribeStreamResponse response = streams.describeStream(request.build());
            shards.addAll(response.streamDescription().shards());
            start = response.streamDescription().lastEvaluatedShardId();
        } while (start != null);
        return shards;
    }

    private void startReadyShards(List<Shard> shards) {
        Set<String> known = ConcurrentHashMap.newKeySet();
        shards.forEach(s -> known.add(s.shardId()));
        for (Shard shard : shards) {
            String id = shard.shardId();
            if (readers.containsKey(id) || finishedShards.contains(id)) {
                continue;
            }
            String parent = shard.parentShardId();
            boolean parentDone = parent == null || !known.contains(parent) || finishedShards.contains(parent);
            if (parentDone) {
                Thread reader = new Thread(() -> readShard(id), "esm-" + mappingId + "-" + id);
                reader.setDaemon(true);
                readers.put(id, reader);
                reader.start();
            }
        }
    }

    private void readShard(String shardId) {
        try {
            String iterator = iterator(shardId);
            List<ObjectNode> buffer = new ArrayList<>();
            long bufferStarted = 0;
            while (running) {
                awaitStallEnd();
                GetRecordsResponse response;
                try {
                    response = streams.getRecords(GetRecordsRequest.builder().shardIterator(iterator).limit(1000).build());
                } catch (ExpiredIteratorException e) {
                    iterator = iterator(shardId);
                    continue;
                }
                // a poll that was under way when the stall began hands nothing on until it ends
                awaitStallEnd();
                for (Record record : response.records()) {
                    ObjectNode json = StreamEventJson.record(record, streamArn);
                    if (buffer.isEmpty()) {
                        bufferStarted = System.nanoTime();
                    }
                    buffer.add(json);
                }
                boolean closed = response.nextShardIterator() == null;
                boolean windowOver = System.nanoTime() - bufferStarted >= config.maximumBatchingWindow().toNanos();
                while (!buffer.isEmpty() && (buffer.size() >= config.batchSize() || windowOver || closed)) {
                    List<ObjectNode> batch = new ArrayList<>(buffer.subList(0, Math.min(config.batchSize(), buffer.size())));
                    buffer.subList(0, batch.size()).clear();
                    deliver(shardId, batch);
                    bufferStarted = System.nanoTime();
                }
                if (closed) {
                    finishedShards.add(shardId);
                    return;
                }
                iterator = response.nextShardIterator();
                if (response.records().isEmpty() && !sleep(IDLE_POLL)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                log.println("[stream " + mappingId + "] reader of " + shardId + " stopped, will restart: " + e);
            }
        } finally {
            readers.remove(shardId);
        }
    }

    private void awaitStallEnd() throws InterruptedException {
        long stalled;
        while (running && (stalled = pausedUntil - System.nanoTime()) > 0) {
            Thread.sleep(Math.min(stalled / 1_000_000 + 1, 1_000));
        }
    }

    private void deliver(String shardId, List<ObjectNode> batch) throws InterruptedException {
        String last = BatchDelivery.sequenceNumber(batch.get(batch.size() - 1));
        List<ObjectNode> passing = new ArrayList<>();
        for (ObjectNode record : batch) {
            if (FilterPattern.anyMatches(filters, record)) {
                passing.add(record);
            }
        }
        recordsFiltered.addAndGet(batch.size() - passing.size());
        if (!passing.isEmpty()) {
            delivery.deliver(streamArn, shardId, passing);
            batches.incrementAndGet();
            recordsDelivered.addAndGet(passing.size());
        }
        checkpoints.put(mappingId, shardId, last);
    }

    private String iterator(String shardId) {
        Optional<String> after = checkpoints.get(mappingId, shardId);
        GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder().streamArn(streamArn).shardId(shardId);
        if (after.isPresent()) {
            request.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after.get());
        } else {
            request.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
        }
        try {
            return streams.getShardIterator(request.build()).shardIterator();
        } catch (TrimmedDataAccessException e) {
            // The checkpoint fell out of the stream's retention: start from the oldest record still there.
            return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        }
    }

    private boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Lets each shard reader finish the batch in hand (so its checkpoint is written), then stops it. */
    @Override
    public void close() {
        running = false;
        if (coordinator != null) {
            coordinator.interrupt();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (Thread reader : List.copyOf(readers.values())) {
            try {
                reader.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        readers.values().forEach(Thread::interrupt);
    }
}
