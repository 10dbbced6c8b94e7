package dev.sagastack.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

/**
 * DynamoDB Streams (DynamoDB Streams API Reference; Developer Guide "Change data capture for
 * DynamoDB Streams" and "Working with Time to Live"), driven by an injected clock.
 */
class StreamsTest extends ServerFixture {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Override
    protected DynamoDbServer.Options options() {
        // A long sweep interval: tests sweep explicitly after moving the clock.
        return DynamoDbServer.Options.defaults().withClock(clock).withTtlSweepInterval(Duration.ofHours(1));
    }

    private String streamTable(StreamViewType viewType) {
        return createTable("S", b -> b.streamSpecification(s -> s.streamEnabled(true).streamViewType(viewType)));
    }

    private String streamArn(String table) {
        return ddb.describeTable(r -> r.tableName(table)).table().latestStreamArn();
    }

    private Shard onlyShard(String arn) {
        StreamDescription d = streams.describeStream(r -> r.streamArn(arn)).streamDescription();
        assertThat(d.shards()).hasSize(1);
        return d.shards().get(0);
    }

    private List<Record> readAll(String arn, ShardIteratorType type) {
        String iterator = streams.getShardIterator(r -> r.streamArn(arn).shardId(onlyShard(arn).shardId())
                .shardIteratorType(type)).shardIterator();
        List<Record> all = new ArrayList<>();
        for (int i = 0; i < 100 && iterator != null; i++) {
            String it = iterator;
            GetRecordsResponse page = streams.getRecords(r -> r.shardIterator(it).limit(2));
            all.addAll(page.records());
            if (page.records().isEmpty()) {
                break;
            }
            iterator = page.nextShardIterator();
        }
        return all;
    }

    @Test
    void insertModifyRemoveRecordsCarryImagesPerViewTypeInOrder() {
        String t = streamTable(StreamViewType.NEW_AND_OLD_IMAGES);
        Instant writtenAt = clock.instant();
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "sk", "1", "v", "1")));
        ddb.updateItem(r -> r.tableName(t).key(item("pk", "a", "sk", "1")).updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", s("2"))));
        ddb.deleteItem(r -> r.tableName(t).key(item("pk", "a", "sk", "1")));
        List<Record> records = readAll(streamArn(t), ShardIteratorType.TRIM_HORIZON);
        assertThat(records).extracting(Record::eventName)
                .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
        Record insert = records.get(0);
        assertThat(insert.eventSource()).isEqualTo("aws:dynamodb");
        assertThat(insert.awsRegion()).isEqualTo("us-east-1");
        assertThat(insert.eventID()).isNotBlank();
        assertThat(insert.dynamodb().keys()).containsOnlyKeys("pk", "sk");
        assertThat(insert.dynamodb().newImage()).containsEntry("v", s("1"));
        assertThat(insert.dynamodb().hasOldImage()).isFalse();
        assertThat(insert.dynamodb().approximateCreationDateTime()).isEqualTo(writtenAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(insert.dynamodb().sizeBytes()).isPositive();
        assertThat(insert.dynamodb().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(records.get(1).dynamodb().oldImage()).containsEntry("v", s("1"));
        assertThat(records.get(1).dynamodb().newImage()).containsEntry("v", s("2"));
        assertThat(records.get(2).dynamodb().oldImage()).containsEntry("v", s("2"));
        assertThat(records.get(2).dynamodb().hasNewImage()).isFalse();
        assertThat(records).extracting(r -> new BigInteger(r.dynamodb().sequenceNumber())).isSorted().doesNotHaveDuplicates();
    }

    /**
     * Developer Guide, "Change data capture for DynamoDB Streams": a PutItem or UpdateItem that does
     * not change any data in an item writes no stream record; deleting a missing item changes nothing.
     */
    @Test
    void keysOnlyStreamCarriesNoImagesAndUnchangedWritesEmitNothing() {
        String t = streamTable(StreamViewType.KEYS_ONLY);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "sk", "1", "v", "1")));
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "sk", "1", "v", "1")));
        ddb.deleteItem(r -> r.tableName(t).key(item("pk", "never", "sk", "1")));
        List<Record> records = readAll(streamArn(t), ShardIteratorType.TRIM_HORIZON);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.dynamodb().hasNewImage()).isFalse();
            assertThat(r.dynamodb().hasOldImage()).isFalse();
            assertThat(r.dynamodb().keys()).containsEntry("pk", s("a"));
        });
    }

    @Test
    void transactionWritesAppearAndIteratorTypesPositionCorrectly() {
        String t = streamTable(StreamViewType.NEW_IMAGE);
        ddb.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(t).item(item("pk", "x", "sk", "1"))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(t).item(item("pk", "y", "sk", "1"))).build()));
        String arn = streamArn(t);
        List<Record> all = readAll(arn, ShardIteratorType.TRIM_HORIZON);
        assertThat(all).hasSize(2);
        String shard = onlyShard(arn).shardId();
        String first = all.get(0).dynamodb().sequenceNumber();
        String at = streams.getShardIterator(r -> r.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(first)).shardIterator();
        assertThat(streams.getRecords(r -> r.shardIterator(at)).records()).hasSize(2);
        String after = streams.getShardIterator(r -> r.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(first)).shardIterator();
        assertThat(streams.getRecords(r -> r.shardIterator(after)).records()).hasSize(1);
        String latest = streams.getShardIterator(r -> r.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        GetRecordsResponse empty = streams.getRecords(r -> r.shardIterator(latest));
        assertThat(empty.records()).isEmpty();
        ddb.putItem(r -> r.tableName(t).item(item("pk", "z", "sk", "1")));
        String next = empty.nextShardIterator();
        assertThat(streams.getRecords(r -> r.shardIterator(next)).records())
                .extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("z");
    }

    @Test
    void listStreamsFindsTheTableStreamAndUnknownStreamIsNotFound() {
        String t = streamTable(StreamViewType.KEYS_ONLY);
        var listed = streams.listStreams(r -> r.tableName(t)).streams();
        assertThat(listed).singleElement().satisfies(s -> {
            assertThat(s.tableName()).isEqualTo(t);
            assertThat(s.streamArn()).isEqualTo(streamArn(t));
        });
        StreamDescription d = streams.describeStream(r -> r.streamArn(streamArn(t))).streamDescription();
        assertThat(d.streamStatus()).isEqualTo(StreamStatus.ENABLED);
        assertThat(d.keySchema()).hasSize(2);
        expect(ResourceNotFoundException.class, () -> streams.describeStream(r -> r.streamArn(
                "arn:aws:dynamodb:us-east-1:000000000000:table/none/stream/2026-01-01T00:00:00.000")));
    }

    @Test
    void iteratorsExpireAfterFifteenMinutesAndRecordsAreTrimmedAfterADay() {
        String t = streamTable(StreamViewType.KEYS_ONLY);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "old", "sk", "1")));
        String arn = streamArn(t);
        String shard = onlyShard(arn).shardId();
        String iterator = streams.getShardIterator(r -> r.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        String firstSeq = streams.getRecords(r -> r.shardIterator(iterator)).records().get(0).dynamodb().sequenceNumber();
        clock.advance(Duration.ofMinutes(16));
        expect(ExpiredIteratorException.class, () -> streams.getRecords(r -> r.shardIterator(iterator)));
        clock.advance(Duration.ofHours(24));
        ddb.putItem(r -> r.tableName(t).item(item("pk", "new", "sk", "1")));
        server.sweepExpiredItems(); // also trims stream records past 24 hours
        expect(TrimmedDataAccessException.class, () -> streams.getShardIterator(r -> r.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(firstSeq)));
        assertThat(readAll(arn, ShardIteratorType.TRIM_HORIZON)).extracting(r -> r.dynamodb().keys().get("pk").s())
                .containsExactly("new");
    }

    @Test
    void timeToLiveSweepDeletesExpiredItemsAsServiceRemoves() {
        String t = streamTable(StreamViewType.OLD_IMAGE);
        ddb.updateTimeToLive(r -> r.tableName(t).timeToLiveSpecification(s -> s.enabled(true).attributeName("expires")));
        long now = clock.instant().getEpochSecond();
        ddb.putItem(r -> r.tableName(t).item(item("pk", "soon", "sk", "1", "expires", n(Long.toString(now + 60)))));
        ddb.putItem(r -> r.tableName(t).item(item("pk", "later", "sk", "1", "expires", n(Long.toString(now + 3600)))));
        ddb.putItem(r -> r.tableName(t).item(item("pk", "text", "sk", "1", "expires", s("0"))));
        ddb.putItem(r -> r.tableName(t).item(item("pk", "ancient", "sk", "1",
                "expires", n(Long.toString(now - 6L * 365 * 24 * 3600)))));
        assertThat(server.sweepExpiredItems()).isZero();
        clock.advance(Duration.ofSeconds(61));
        assertThat(server.sweepExpiredItems()).isEqualTo(1);
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "soon", "sk", "1"))).hasItem()).isFalse();
        assertThat(ddb.scan(r -> r.tableName(t)).count()).isEqualTo(3);
        List<Record> records = readAll(streamArn(t), ShardIteratorType.TRIM_HORIZON);
        Record removal = records.get(records.size() - 1);
        assertThat(removal.eventName()).isEqualTo(OperationType.REMOVE);
        assertThat(removal.dynamodb().keys()).containsEntry("pk", s("soon"));
        assertThat(removal.dynamodb().oldImage()).containsKey("expires");
        assertThat(removal.userIdentity().type()).isEqualTo("Service");
        assertThat(removal.userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(records.get(0).userIdentity()).isNull();
    }

    @Test
    void backgroundSweepRunsOnItsOwn() throws InterruptedException {
        MutableClock own = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (DynamoDbServer fast = DynamoDbServer.start(DynamoDbServer.Options.defaults().withClock(own)
                .withTtlSweepInterval(Duration.ofMillis(20)))) {
            var client = client(fast);
            String t = "ttl-bg";
            client.createTable(r -> r.tableName(t).billingMode("PAY_PER_REQUEST")
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S")));
            client.updateTimeToLive(r -> r.tableName(t).timeToLiveSpecification(s -> s.enabled(true).attributeName("exp")));
            client.putItem(r -> r.tableName(t).item(item("pk", "a", "exp", n(Long.toString(own.instant().getEpochSecond() + 5)))));
            own.advance(Duration.ofSeconds(10));
            boolean gone = false;
            for (int i = 0; i < 200 && !gone; i++) {
                gone = !client.getItem(r -> r.tableName(t).key(item("pk", "a"))).hasItem();
                if (!gone) {
                    Thread.sleep(10);
                }
            }
            assertThat(gone).isTrue();
            client.close();
        }
    }

    @Test
    void deletingTheTableDisablesItsStreamButKeepsRecordsReadable() {
        String t = streamTable(StreamViewType.KEYS_ONLY);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "sk", "1")));
        String arn = streamArn(t);
        ddb.deleteTable(r -> r.tableName(t));
        StreamDescription d = streams.describeStream(r -> r.streamArn(arn)).streamDescription();
        assertThat(d.streamStatus()).isEqualTo(StreamStatus.DISABLED);
        assertThat(d.shards().get(0).sequenceNumberRange().endingSequenceNumber()).isNotNull();
        String it = streams.getShardIterator(r -> r.streamArn(arn).shardId(d.shards().get(0).shardId())
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        GetRecordsResponse page = streams.getRecords(r -> r.shardIterator(it));
        assertThat(page.records()).hasSize(1);
        assertThat(page.nextShardIterator()).isNull();
    }
}
