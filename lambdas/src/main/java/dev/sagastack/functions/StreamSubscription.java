package dev.sagastack.functions;

import dev.sagastack.account.AccountService;
import dev.sagastack.keys.Keys;
import dev.sagastack.schema.TableSpec;
import dev.sagastack.schema.Tables;

import java.time.Duration;
import java.util.List;

/**
 * A function fed by a table's stream: the one definition of the event source mapping that infra
 * deploys and the twin's stream pollers imitate. Every mapping also bisects failing batches and
 * reports batch item failures.
 *
 * @param eventName          the only stream event name the function sees (Lambda event filtering)
 * @param partitionKeyPrefix the new image's PK must start with this
 * @param sortKeyPrefix      the new image's SK must start with this
 */
public record StreamSubscription(TableSpec table, FunctionSpec function, int batchSize, Duration maxBatchingWindow,
                                 int retryAttempts, Duration maxRecordAge, String eventName,
                                 String partitionKeyPrefix, String sortKeyPrefix) {

    /**
     * New events of account streams only: stream heads, snapshots and command markers of the event
     * store, and other aggregates' events, never reach the account summary.
     */
    public static final StreamSubscription ACCOUNT_SUMMARY = new StreamSubscription(
            Tables.EVENT_STORE, Functions.ACCOUNT_SUMMARY_PROJECTION,
            100, Duration.ofSeconds(1), 10, Duration.ofHours(24),
            "INSERT", "AGG#" + AccountService.AGGREGATE_TYPE + "#", Keys.EVENT_PREFIX);

    public static List<StreamSubscription> all() {
        return List.of(ACCOUNT_SUMMARY);
    }

    /** The filter as a Lambda event filter pattern (JSON), as the Lambda service evaluates it. */
    public String filterPattern() {
        return "{\"eventName\":[\"" + eventName + "\"],\"dynamodb\":{\"NewImage\":{"
                + "\"PK\":{\"S\":[{\"prefix\":\"" + partitionKeyPrefix + "\"}]},"
                + "\"SK\":{\"S\":[{\"prefix\":\"" + sortKeyPrefix + "\"}]}}}}";
    }
}
