package dev.sagastack.projection;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.sagastack.account.Account;
import dev.sagastack.account.AccountEvents;
import dev.sagastack.account.AccountService;
import dev.sagastack.cache.ContainerCache;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.eventstore.StoredEvent;
import dev.sagastack.eventstore.StreamId;
import dev.sagastack.eventstore.internal.EventItems;
import dev.sagastack.keys.Keys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds account summaries from the event store's DynamoDB stream.
 *
 * <p>Records are grouped per account (the stream keeps one account's events in order within a
 * shard). For each account the summary is read once, the new events are folded in, and the result
 * is written with a condition on the version it was read at, so redelivered or replayed records
 * are no-ops and concurrent writers cannot interleave. A version gap is filled from the event
 * store. A record that cannot be applied is reported as a batch item failure together with every
 * later record of the same account, which are therefore not applied out of order
 * ("Configuring partial batch response with DynamoDB and Lambda", AWS Lambda Developer Guide).
 *
 * <p>The container remembers the summaries it wrote last, so the next batch for the same account folds on
 * from there without reading it again; the write's condition on the version still decides. When another
 * writer (a rebuild, another container) moved the summary, the condition fails, the remembered copy is
 * dropped and the summary is read again.
 */
public final class AccountSummaryProjection {

    private static final System.Logger LOG = System.getLogger(AccountSummaryProjection.class.getName());
    private static final int WRITE_ATTEMPTS = 3;
    private static final int REMEMBERED_SUMMARIES = 10_000;

    private final DynamoDbClient client;
    private final String table;
    private final EventStore store;
    private final Clock clock;
    private final Map<String, Account> written = ContainerCache.lru(REMEMBERED_SUMMARIES);

    public AccountSummaryProjection(DynamoDbClient client, String singleTable, EventStore store, Clock clock) {
        this.client = client;
        this.table = singleTable;
        this.store = store;
        this.clock = clock;
    }

    public StreamsEventResponse handle(DynamodbEvent event) {
        Map<String, List<DynamodbEvent.DynamodbStreamRecord>> byAccount = new LinkedHashMap<>();
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (int i = 0; i < records.size(); i++) {
            DynamodbEvent.DynamodbStreamRecord record = records.get(i);
            try {
                accountOf(record).ifPresent(id -> byAccount.computeIfAbsent(id, k -> new ArrayList<>()).add(record));
            } catch (RuntimeException e) {
                // without its key we cannot tell which account later records share: hold them all back
                LOG.log(System.Logger.Level.ERROR, "unreadable stream record " + sequenceNumber(record), e);
                records.subList(i, records.size()).forEach(r -> failures.add(failure(r)));
                break;
            }
        }
        byAccount.forEach((accountId, ofAccount) -> {
            int failedAt = apply(accountId, ofAccount);
            for (int i = Math.max(failedAt, 0); failedAt >= 0 && i < ofAccount.size(); i++) {
                failures.add(failure(ofAccount.get(i)));
            }
        });
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }

    /** The account an event record belongs to, or empty for records this projection ignores. */
    private static Optional<String> accountOf(DynamodbEvent.DynamodbStreamRecord record) {
        if (!"INSERT".equals(record.getEventName())) {
            return Optional.empty(); // events are only ever inserted; heads and markers are not events
        }
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> keys =
                record.getDynamodb().getKeys();
        String sortKey = keys.get("SK").getS();
        StreamId stream = StreamId.parse(keys.get("PK").getS());
        if (!sortKey.startsWith(Keys.EVENT_PREFIX) || !stream.aggregateType().equals(AccountService.AGGREGATE_TYPE)) {
            return Optional.empty();
        }
        return Optional.of(stream.aggregateId());
    }

    /** Applies one account's records in order; returns the index of the first record not applied, or -1. */
    private int apply(String accountId, List<DynamodbEvent.DynamodbStreamRecord> records) {
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            Account base = attempt == 1 ? written.get(accountId) : null;
            try {
                if (base == null) {
                    base = read(accountId).orElse(null);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot read summary of account " + accountId, e);
                return 0;
            }
            Account state = base;
            int failedAt = -1;
            for (int i = 0; i < records.size(); i++) {
                try {
                    state = fold(accountId, state, records.get(i));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "cannot apply stream record " + sequenceNumber(records.get(i))
                            + " of account " + accountId, e);
                    failedAt = i;
                    break;
                }
            }
            long baseVersion = base == null ? 0 : base.version();
            if (state == null || state.version() == baseVersion) {
                return failedAt;
            }
            try {
                write(state, baseVersion);
                written.put(accountId, state);
                return failedAt;
            } catch (ConditionalCheckFailedException e) {
                // another delivery or a rebuild moved the summary since we read it: fold again from there
                written.remove(accountId);
                LOG.log(System.Logger.Level.INFO, "summary of account " + accountId + " moved; retrying");
            } catch (RuntimeException e) {
                // the write may or may not have happened: read the summary next time
                written.remove(accountId);
                LOG.log(System.Logger.Level.ERROR, "cannot write summary of account " + accountId, e);
                return 0;
            }
        }
        return 0;
    }

    private Account fold(String accountId, Account state, DynamodbEvent.DynamodbStreamRecord record) {
        Map<String, AttributeValue> image = StreamImages.toSdk(record.getDynamodb().getNewImage());
        StoredEvent event = EventItems.event(image);
        long applied = state == null ? 0 : state.version();
        if (event.version() <= applied) {
            return state; // redelivery or replay
        }
        if (event.version() > applied + 1) {
            state = catchUp(accountId, state, applied + 1, event.version() - 1);
        }
        return AccountEvents.apply(state, AccountEvents.decode(event.type(), event.payload()), event.version());
    }

    /** Folds events {@code from..to} read from the event store (strongly consistent). */
    private Account catchUp(String accountId, Account state, long from, long to) {
        StreamId stream = new StreamId(AccountService.AGGREGATE_TYPE, accountId);
        List<StoredEvent> missing = store.read(stream, from, (int) (to - from + 1));
        long expected = from;
        for (StoredEvent event : missing) {
            if (event.version() != expected) {
                throw new IllegalStateException("event store lacks version " + expected + " of " + stream);
            }
            state = AccountEvents.apply(state, AccountEvents.decode(event.type(), event.payload()), event.version());
            expected++;
        }
        if (expected != to + 1) {
            throw new IllegalStateException("event store lacks versions " + expected + ".." + to + " of " + stream);
        }
        return state;
    }

    private Optional<Account> read(String accountId) {
        Map<String, AttributeValue> item = client.getItem(GetItemRequest.builder().tableName(table)
                .key(Keys.accountSummary(accountId).toMap()).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(AccountSummaries.account(AccountSummaries.summary(item)));
    }

    private void write(Account state, long baseVersion) {
        PutItemRequest.Builder put = PutItemRequest.builder().tableName(table)
                .item(AccountSummaries.item(state, clock.instant()));
        if (baseVersion == 0) {
            put.conditionExpression("attribute_not_exists(PK)");
        } else {
            put.conditionExpression("#applied = :base")
                    .expressionAttributeNames(Map.of("#applied", AccountSummaries.LAST_APPLIED_VERSION))
                    .expressionAttributeValues(Map.of(":base", AttributeValue.fromN(Long.toString(baseVersion))));
        }
        client.putItem(put.build());
    }

    private static String sequenceNumber(DynamodbEvent.DynamodbStreamRecord record) {
        return record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
    }

    private static StreamsEventResponse.BatchItemFailure failure(DynamodbEvent.DynamodbStreamRecord record) {
        return StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(sequenceNumber(record)).build();
    }
}
