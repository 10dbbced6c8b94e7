package dev.sagastack.projection;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.sagastack.account.Account;
import dev.sagastack.account.AccountService;
import dev.sagastack.account.AccountSettings;
import dev.sagastack.account.AccountStatus;
import dev.sagastack.account.Money;
import dev.sagastack.dynamo.DataTables;
import dev.sagastack.dynamo.LocalDynamoDb;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.handlers.projection.AccountSummaryProjectionHandler;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.pagination.PageRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account summary read model fed with DynamoDB stream batches of the event store, as Lambda
 * delivers them with ReportBatchItemFailures ("Configuring partial batch response with DynamoDB
 * and Lambda", AWS Lambda Developer Guide).
 */
class AccountSummaryProjectionTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    private DataTables tables;
    private EventStore store;
    private AccountService accounts;
    private AccountSummaryProjection projection;
    private AccountSummaries summaries;
    private long sequence;

    @BeforeEach
    void setUp() {
        tables = DYNAMO.createTables();
        store = EventStore.create(DYNAMO.client(), tables.eventStore(), Clock.systemUTC());
        accounts = AccountService.create(store, new AccountSettings(3, 8), Clock.systemUTC());
        projection = new AccountSummaryProjection(DYNAMO.client(), tables.singleTable(), store, Clock.systemUTC());
        summaries = new AccountSummaries(DYNAMO.client(), tables.singleTable(), new PageCursors(() -> new byte[32]));
    }

    /** Every item of the account's partition as its stream record: events, head updates, command markers. */
    private List<DynamodbEvent.DynamodbStreamRecord> streamOf(String accountId) {
        List<Map<String, AttributeValue>> items = DYNAMO.client().query(QueryRequest.builder()
                .tableName(tables.eventStore()).keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("AGG#Account#" + accountId)))
                .consistentRead(true).build()).items();
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get("SK").s();
            records.add(StreamRecords.record(sk.equals("HEAD") ? "MODIFY" : "INSERT", item, ++sequence));
        }
        // stream order is write order: events by version, markers and the head in between do not matter
        records.sort((a, b) -> Long.compare(order(a), order(b)));
        return records;
    }

    private static long order(DynamodbEvent.DynamodbStreamRecord record) {
        String sk = record.getDynamodb().getKeys().get("SK").getS();
        return sk.startsWith("EVT#") ? Long.parseLong(sk.substring(4)) : Long.MAX_VALUE;
    }

    private void history(String accountId) {
        accounts.open(accountId, "owner-" + accountId, "EUR", "open");
        accounts.deposit(accountId, Money.of(1_000, "EUR"), "d1");
        accounts.withdraw(accountId, Money.of(300, "EUR"), "w1");
        accounts.deposit(accountId, Money.of(45, "EUR"), "d2");
        accounts.withdraw(accountId, Money.of(5, "EUR"), "w2");
    }

    private Account summaryState(String accountId) {
        return AccountSummaries.account(summaries.find(accountId).orElseThrow());
    }

    @Test
    void summaryBuiltInOrderEqualsTheReplayedAccount() {
        history("a");

        StreamsEventResponse response = projection.handle(StreamRecords.event(streamOf("a")));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(summaryState("a")).isEqualTo(accounts.replay("a").orElseThrow())
                .isEqualTo(new Account("a", "owner-a", "EUR", 740, AccountStatus.OPEN, 5));
    }

    @Test
    void sameBatchThreeTimesAndOutOfOrderGivesTheSameSummaryAsOnceInOrder() {
        long seed = new Random().nextLong();
        System.out.println("seed " + seed);
        history("a");
        List<DynamodbEvent.DynamodbStreamRecord> batch = streamOf("a");
        List<DynamodbEvent.DynamodbStreamRecord> shuffled = new ArrayList<>(batch);
        Collections.shuffle(shuffled, new Random(seed));

        assertThat(projection.handle(StreamRecords.event(shuffled)).getBatchItemFailures()).isEmpty();
        for (int i = 0; i < 3; i++) {
            assertThat(projection.handle(StreamRecords.event(batch)).getBatchItemFailures()).isEmpty();
        }
        List<DynamodbEvent.DynamodbStreamRecord> reversed = new ArrayList<>(batch);
        Collections.reverse(reversed);
        assertThat(projection.handle(StreamRecords.event(reversed)).getBatchItemFailures()).isEmpty();

        assertThat(summaryState("a")).as("seed %d", seed).isEqualTo(new Account("a", "owner-a", "EUR", 740, AccountStatus.OPEN, 5));
    }

    @Test
    void aContainerFoldsOnFromTheSummaryItWroteWithoutReadingItAgain() {
        history("a");
        List<DynamodbEvent.DynamodbStreamRecord> batch = streamOf("a");
        projection.handle(StreamRecords.event(batch.subList(0, 3)));

        DYNAMO.roundTrips().reset();
        assertThat(projection.handle(StreamRecords.event(batch.subList(3, 5))).getBatchItemFailures()).isEmpty();

        assertThat(DYNAMO.roundTrips().snapshot()).isEqualTo(Map.of("PutItem", 1L));
        assertThat(summaryState("a")).isEqualTo(accounts.replay("a").orElseThrow());
    }

    @Test
    void aSummaryMovedByAnotherWriterIsReadAgainAndNothingIsLost() {
        history("a");
        projection.handle(StreamRecords.event(streamOf("a")));
        accounts.deposit("a", Money.of(10, "EUR"), "d3");
        // another container applies version 6 behind this one's back
        AccountSummaryProjection other = new AccountSummaryProjection(DYNAMO.client(), tables.singleTable(), store,
                Clock.systemUTC());
        List<DynamodbEvent.DynamodbStreamRecord> upTo6 = streamOf("a");
        other.handle(StreamRecords.event(upTo6.subList(5, 6)));
        accounts.deposit("a", Money.of(20, "EUR"), "d4");
        List<DynamodbEvent.DynamodbStreamRecord> upTo7 = streamOf("a");

        assertThat(projection.handle(StreamRecords.event(upTo7.subList(5, 7))).getBatchItemFailures()).isEmpty();

        assertThat(summaryState("a")).isEqualTo(accounts.replay("a").orElseThrow())
                .isEqualTo(new Account("a", "owner-a", "EUR", 770, AccountStatus.OPEN, 7));
    }

    @Test
    void versionGapIsFilledFromTheEventStore() {
        history("a");
        List<DynamodbEvent.DynamodbStreamRecord> batch = streamOf("a");
        projection.handle(StreamRecords.event(batch.subList(0, 1)));

        // version 2..4 were lost (e.g. trimmed from the stream): only version 5 arrives
        projection.handle(StreamRecords.event(List.of(batch.get(4))));

        assertThat(summaryState("a")).isEqualTo(accounts.replay("a").orElseThrow());
    }

    @Test
    void poisonRecordIsReportedWithTheLaterRecordsOfItsAccountWhileOtherAccountsProceed() {
        history("a");
        history("b");
        List<DynamodbEvent.DynamodbStreamRecord> a = streamOf("a");
        List<DynamodbEvent.DynamodbStreamRecord> b = streamOf("b");
        Map<String, AttributeValue> corrupt = new HashMap<>(
                StreamImages.toSdk(a.get(1).getDynamodb().getNewImage()));
        corrupt.put("payload", AttributeValue.fromS("{\"amount\": \"not a number\""));
        DynamodbEvent.DynamodbStreamRecord poison = StreamRecords.record("INSERT", corrupt, ++sequence);
        List<DynamodbEvent.DynamodbStreamRecord> batch = new ArrayList<>();
        batch.add(a.get(0));
        batch.add(b.get(0));
        batch.add(poison);
        batch.add(b.get(1));
        batch.addAll(a.subList(2, 5));
        batch.addAll(b.subList(2, b.size()));

        StreamsEventResponse response = projection.handle(StreamRecords.event(batch));

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(poison.getDynamodb().getSequenceNumber(),
                        a.get(2).getDynamodb().getSequenceNumber(), a.get(3).getDynamodb().getSequenceNumber(),
                        a.get(4).getDynamodb().getSequenceNumber());
        assertThat(summaryState("a").version()).as("nothing after the poison record applied").isEqualTo(1);
        assertThat(summaryState("b")).isEqualTo(accounts.replay("b").orElseThrow());

        // Lambda retries from the failed record; with the intact record the account completes
        assertThat(projection.handle(StreamRecords.event(a.subList(1, 5))).getBatchItemFailures()).isEmpty();
        assertThat(summaryState("a")).isEqualTo(accounts.replay("a").orElseThrow());
    }

    @Test
    void rebuildFromTheEventStoreEqualsIncrementalProcessing() {
        for (String id : List.of("a", "b", "c")) {
            history(id);
            projection.handle(StreamRecords.event(streamOf(id)));
        }
        accounts.withdraw("c", Money.of(740, "EUR"), "empty");
        accounts.close("c", "close");
        projection.handle(StreamRecords.event(streamOf("c")));
        DataTables fresh = DYNAMO.createTables();
        AccountSummaries rebuilt = new AccountSummaries(DYNAMO.client(), fresh.singleTable(), new PageCursors(() -> new byte[32]));

        int count = new AccountSummaryRebuild(DYNAMO.client(), fresh.singleTable(), store, accounts, Clock.systemUTC())
                .rebuildAll();

        assertThat(count).isEqualTo(3);
        for (String id : List.of("a", "b", "c")) {
            assertThat(AccountSummaries.account(rebuilt.find(id).orElseThrow())).isEqualTo(summaryState(id));
        }
        assertThat(summaryState("c").status()).isEqualTo(AccountStatus.CLOSED);
        assertThat(rebuilt.byOwner("owner-b", PageRequest.first(10)).items()).extracting(AccountSummary::accountId)
                .containsExactly("b");
    }

    @Test
    void projectionFollowsTheEngineStreamOfTheEventStore() {
        history("a");
        history("b");
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        try (DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
                .endpointOverride(DYNAMO.server().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            String streamArn = DYNAMO.client().describeTable(d -> d.tableName(tables.eventStore())).table().latestStreamArn();
            for (var shard : streams.describeStream(d -> d.streamArn(streamArn)).streamDescription().shards()) {
                String iterator = streams.getShardIterator(g -> g.streamArn(streamArn).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (iterator != null) {
                    String current = iterator;
                    var page = streams.getRecords(g -> g.shardIterator(current));
                    page.records().forEach(r -> records.add(StreamRecords.fromStreamsApi(r)));
                    iterator = page.records().isEmpty() ? null : page.nextShardIterator();
                }
            }
        }

        assertThat(records).extracting(DynamodbEvent.DynamodbStreamRecord::getEventName).contains("INSERT", "MODIFY");
        assertThat(projection.handle(StreamRecords.event(records)).getBatchItemFailures()).isEmpty();
        assertThat(summaryState("a")).isEqualTo(accounts.replay("a").orElseThrow());
        assertThat(summaryState("b")).isEqualTo(accounts.replay("b").orElseThrow());
    }

    @Test
    void handlerAcceptsTheStreamEventAsLambdaDeserialisesIt() throws Exception {
        accounts.open("acc-fixture", "owner-1", "EUR", "open");
        DynamodbEvent event;
        try (InputStream json = getClass().getResourceAsStream("/projection/event-store-stream-batch.json")) {
            event = LambdaEventSerializers.serializerFor(DynamodbEvent.class, getClass().getClassLoader()).fromJson(json);
        }

        StreamsEventResponse response = new AccountSummaryProjectionHandler(DYNAMO.context(tables)).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(summaryState("acc-fixture")).isEqualTo(new Account("acc-fixture", "owner-1", "EUR", 0, AccountStatus.OPEN, 1));
    }
}
