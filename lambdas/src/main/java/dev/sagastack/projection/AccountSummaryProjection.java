package dev.sagastack.projection;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.sagastack.account.Account;
import dev.sagastack.account.AccountService;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.eventstore.StoredEvent;
import dev.sagastack.eventstore.StreamId;
import dev.sagastack.eventstore.internal.EventItems;
import dev.sagastack.keys.Keys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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
 * <p>Three parts: this class turns stream records into each account's events and failures into
 * batch item failures; {@link AccountSummaryFold} folds events into a summary without I/O; an
 * {@link AccountSummaryStore} reads and conditionally writes summaries, behind {@link RememberedSummaries}
 * so a container folds on from the summary it wrote last without reading it again.
 */
public final class AccountSummaryProjection {

    private static final System.Logger LOG = System.getLogger(AccountSummaryProjection.class.getName());
    private static final int WRITE_ATTEMPTS = 3;
    private static final int REMEMBERED_SUMMARIES = 10_000;

    private final AccountSummaryStore summaries;
    private final EventStore store;

    public AccountSummaryProjection(DynamoDbClient client, String singleTable, EventStore store, Clock clock) {
        this.summaries = new RememberedSummaries(new DynamoAccountSummaryStore(client, singleTable, clock),
                REMEMBERED_SUMMARIES);
        this.store = store;
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
            Account base;
            try {
                base = summaries.read(accountId).orElse(null);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot read summary of account " + accountId, e);
                return 0;
            }
            Account state = base;
            int failedAt = -1;
            for (int i = 0; i < records.size(); i++) {
                try {
                    state = next(accountId, state, records.get(i));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "cannot apply stream record " + sequenceNumber(records.get(i))
                            + " of account " + accountId, e);
                    failedAt = i;
                    break;
                }
            }
            long baseVersion = AccountSummaryFold.version(base);
            if (state == null || state.version() == baseVersion) {
                return failedAt;
            }
            try {
                summaries.write(state, baseVersion);
                return failedAt;
            } catch (AccountSummaryStore.SummaryMoved e) {
                // another delivery or a rebuild moved the summary since we read it: fold again from there
                LOG.log(System.Logger.Level.INFO, "summary of account " + accountId + " moved; retrying");
            } catch (RuntimeException e) {
                // the write may or may not have happened: the store forgot its copy, the next read asks the table
                LOG.log(System.Logger.Level.ERROR, "cannot write summary of account " + accountId, e);
                return 0;
            }
        }
        return 0;
    }

    /** Folds one record's event, first filling a version gap from the event store (strongly consistent). */
    private Account next(String accountId, Account state, DynamodbEvent.DynamodbStreamRecord record) {
        StoredEvent event = EventItems.event(StreamImages.toSdk(record.getDynamodb().getNewImage()));
        AccountSummaryFold.Missing missing = AccountSummaryFold.missingBefore(state, event);
        if (missing.any()) {
            StreamId stream = new StreamId(AccountService.AGGREGATE_TYPE, accountId);
            List<StoredEvent> read = store.read(stream, missing.from(), (int) (missing.to() - missing.from() + 1));
            state = AccountSummaryFold.applyAll(state, read, missing, stream.toString());
        }
        return AccountSummaryFold.apply(state, event);
    }

    /** Runs the read path once (SnapStart priming): an empty batch and a summary read that finds nothing. */
    public void prime() {
        handle(new DynamodbEvent());
        summaries.read("PRIMING");
    }

    private static String sequenceNumber(DynamodbEvent.DynamodbStreamRecord record) {
        return record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
    }

    private static StreamsEventResponse.BatchItemFailure failure(DynamodbEvent.DynamodbStreamRecord record) {
        return StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(sequenceNumber(record)).build();
    }
}
