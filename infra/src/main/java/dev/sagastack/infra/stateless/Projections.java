package dev.sagastack.infra.stateless;

import dev.sagastack.account.AccountService;
import dev.sagastack.functions.Functions;
import dev.sagastack.keys.Keys;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSourceProps;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * Stream consumers that build read models from the event store. Each mapping targets the
 * function's alias, sees only its events (event filter), reports batch item failures, bisects
 * failing batches, gives up after bounded retries and record age, and sends what it gave up on to
 * an encrypted dead-letter queue — a poison record is never silently skipped.
 */
public final class Projections extends Construct {

    /** Event-store items an account projection consumes: {@code AGG#Account#<id>} / {@code EVT#...}. */
    public static final String ACCOUNT_STREAM_PREFIX = "AGG#" + AccountService.AGGREGATE_TYPE + "#";
    public static final String EVENT_SORT_KEY_PREFIX = Keys.EVENT_PREFIX;

    public static final int BATCH_SIZE = 100;
    public static final int RETRY_ATTEMPTS = 10;
    public static final Duration MAX_RECORD_AGE = Duration.hours(24);

    private final Queue deadLetterQueue;

    public Projections(Construct scope, String id, ApplicationFunctions functions, ITable eventStore) {
        super(scope, id);
        this.deadLetterQueue = createDeadLetterQueue();
        Alias accountSummary = functions.get(Functions.ACCOUNT_SUMMARY_PROJECTION).alias();
        accountSummary.addEventSource(new DynamoEventSource(eventStore, DynamoEventSourceProps.builder()
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(BATCH_SIZE)
                .maxBatchingWindow(Duration.seconds(1))
                .parallelizationFactor(1) // one batch per shard at a time keeps each aggregate's events in order
                .bisectBatchOnError(true)
                .reportBatchItemFailures(true)
                .retryAttempts(RETRY_ATTEMPTS)
                .maxRecordAge(MAX_RECORD_AGE)
                .onFailure(new SqsDlq(deadLetterQueue))
                .filters(List.of(accountEventsOnly()))
                .build()));
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }

    /**
     * New events of account streams only: stream heads, snapshots and command markers of the same
     * table, and other aggregates' events, never reach the account summary.
     */
    static Map<String, Object> accountEventsOnly() {
        return FilterCriteria.filter(Map.of(
                "eventName", FilterRule.isEqual("INSERT"),
                "dynamodb", Map.of("NewImage", Map.of(
                        "PK", Map.of("S", FilterRule.beginsWith(ACCOUNT_STREAM_PREFIX)),
                        "SK", Map.of("S", FilterRule.beginsWith(EVENT_SORT_KEY_PREFIX))))));
    }

    private Queue createDeadLetterQueue() {
        Queue queue = Queue.Builder.create(this, "DeadLetterQueue")
                .encryption(QueueEncryption.SQS_MANAGED) // the records hold only shard and sequence numbers
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        NagSuppressions.addResourceSuppressions(queue, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself the on-failure destination of the projection's stream mapping; "
                        + "a dead-letter queue of a dead-letter queue would only move the alarm.")
                .build()));
        return queue;
    }
}
