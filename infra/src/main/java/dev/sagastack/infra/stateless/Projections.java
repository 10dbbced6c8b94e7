package dev.sagastack.infra.stateless;

import dev.sagastack.functions.StreamSubscription;
import dev.sagastack.infra.Nag;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.dynamodb.ITable;
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
import java.util.Optional;

/**
 * Stream consumers that build read models from the event store. Each mapping targets the
 * function's alias, sees only its events (event filter), reports batch item failures, bisects
 * failing batches, gives up after bounded retries and record age, and sends what it gave up on to
 * an encrypted dead-letter queue — a poison record is never silently skipped.
 */
public final class Projections extends Construct {

    private final Queue deadLetterQueue;
    private final JavaFunction accountSummary;

    public Projections(Construct scope, String id, FunctionCatalog catalog, ITable eventStore) {
        super(scope, id);
        this.deadLetterQueue = createDeadLetterQueue();
        StreamSubscription subscription = StreamSubscription.ACCOUNT_SUMMARY;
        this.accountSummary = catalog.create(this, subscription.function(), Optional.empty());
        Nag.suppressFindings(accountSummary.role(), "AwsSolutions-IAM5",
                "dynamodb:ListStreams (stream event source mapping) has no resource-level permissions, so IAM "
                        + "requires Resource '*'.",
                "Resource::*");
        accountSummary.alias().addEventSource(new DynamoEventSource(eventStore, DynamoEventSourceProps.builder()
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(subscription.batchSize())
                .maxBatchingWindow(Duration.seconds(subscription.maxBatchingWindow().toSeconds()))
                .parallelizationFactor(1) // one batch per shard at a time keeps each aggregate's events in order
                .bisectBatchOnError(true)
                .reportBatchItemFailures(true)
                .retryAttempts(subscription.retryAttempts())
                .maxRecordAge(Duration.seconds(subscription.maxRecordAge().toSeconds()))
                .onFailure(new SqsDlq(deadLetterQueue))
                .filters(List.of(filter(subscription)))
                .build()));
    }

    /** The account summary projection's function. */
    public JavaFunction accountSummary() {
        return accountSummary;
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }

    /** The subscription's event filter in CloudFormation's form. */
    static Map<String, Object> filter(StreamSubscription subscription) {
        return FilterCriteria.filter(Map.of(
                "eventName", FilterRule.isEqual(subscription.eventName()),
                "dynamodb", Map.of("NewImage", Map.of(
                        "PK", Map.of("S", FilterRule.beginsWith(subscription.partitionKeyPrefix())),
                        "SK", Map.of("S", FilterRule.beginsWith(subscription.sortKeyPrefix()))))));
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
