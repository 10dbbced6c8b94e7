package dev.sagastack.local.twin.streams;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings of one DynamoDB stream event source mapping, named as Lambda's CreateEventSourceMapping
 * names them ("Lambda parameters for Amazon DynamoDB event source mappings", Lambda Developer Guide).
 *
 * @param tableName                the table whose stream is read
 * @param functionName             the function invoked with each batch
 * @param batchSize                records per invocation at most (Lambda: 1..10000, default 100)
 * @param maximumBatchingWindow    how long to gather records before invoking (Lambda default 0)
 * @param bisectBatchOnFunctionError split a failing batch in two before retrying
 * @param maximumRetryAttempts     retries of a batch before its records go to the on-failure destination
 * @param reportBatchItemFailures  the function returns {@code batchItemFailures} (FunctionResponseTypes)
 * @param filters                  Lambda event filter patterns; a record passes when any matches; empty passes all
 * @param startingPosition         where a new mapping starts reading the shards open when it is created
 * @param maximumRecordAge         records older than this are not sent to the function (empty: -1, no limit)
 * @param onFailureDestination     the queue ARN discarded batches are described to (empty: discarded silently)
 * @param functionQualifier        the alias or version of the mapping's FunctionName (empty: unqualified)
 */
public record EventSourceMappingConfig(String tableName, String functionName, int batchSize,
                                       Duration maximumBatchingWindow, boolean bisectBatchOnFunctionError,
                                       int maximumRetryAttempts, boolean reportBatchItemFailures,
                                       List<String> filters, StartingPosition startingPosition,
                                       Optional<Duration> maximumRecordAge, Optional<String> onFailureDestination,
                                       Optional<String> functionQualifier) {

    /** StartingPosition of a DynamoDB stream mapping: the oldest record still in the shard, or after the newest. */
    public enum StartingPosition {
        TRIM_HORIZON, LATEST;

        public static StartingPosition parse(String value) {
            try {
                return valueOf(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("StartingPosition must be TRIM_HORIZON or LATEST for a DynamoDB stream: "
                        + value);
            }
        }
    }

    public EventSourceMappingConfig {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batchSize must be 1..10000: " + batchSize);
        }
        if (maximumRetryAttempts < -1 || maximumRetryAttempts > 10_000) {
            throw new IllegalArgumentException("maximumRetryAttempts must be -1..10000: " + maximumRetryAttempts);
        }
        // MaximumRecordAgeInSeconds: -1 (no limit) or 60..604800
        if (maximumRecordAge.isPresent() && (maximumRecordAge.get().toSeconds() < 60
                || maximumRecordAge.get().toSeconds() > 604_800)) {
            throw new IllegalArgumentException("maximumRecordAgeInSeconds must be -1 or 60..604800: "
                    + maximumRecordAge.get().toSeconds());
        }
        filters = List.copyOf(filters);
    }

    /** A mapping reading from the oldest record, without age limit or on-failure destination. */
    public EventSourceMappingConfig(String tableName, String functionName, int batchSize, Duration maximumBatchingWindow,
                                    boolean bisectBatchOnFunctionError, int maximumRetryAttempts,
                                    boolean reportBatchItemFailures, List<String> filters) {
        this(tableName, functionName, batchSize, maximumBatchingWindow, bisectBatchOnFunctionError, maximumRetryAttempts,
                reportBatchItemFailures, filters, StartingPosition.TRIM_HORIZON, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** The same mapping with another starting position, age limit and destination. */
    public EventSourceMappingConfig with(StartingPosition position, Optional<Duration> maxAge, Optional<String> destination) {
        return new EventSourceMappingConfig(tableName, functionName, batchSize, maximumBatchingWindow,
                bisectBatchOnFunctionError, maximumRetryAttempts, reportBatchItemFailures, filters, position, maxAge,
                destination, functionQualifier);
    }

    /** The same mapping invoking its function through an alias or version. */
    public EventSourceMappingConfig qualified(Optional<String> qualifier) {
        return new EventSourceMappingConfig(tableName, functionName, batchSize, maximumBatchingWindow,
                bisectBatchOnFunctionError, maximumRetryAttempts, reportBatchItemFailures, filters, startingPosition,
                maximumRecordAge, onFailureDestination, qualifier);
    }

    /** What the mapping invokes: the function's name with the qualifier of its FunctionName. */
    public String invokedFunction() {
        return functionName + functionQualifier.map(q -> ":" + q).orElse("");
    }
}
