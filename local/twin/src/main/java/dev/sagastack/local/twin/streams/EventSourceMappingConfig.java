package dev.sagastack.local.twin.streams;

import java.time.Duration;
import java.util.List;

/**
 * The settings of one DynamoDB stream event source mapping, named as Lambda's CreateEventSourceMapping
 * names them.
 *
 * @param tableName                the table whose stream is read
 * @param functionName             the function invoked with each batch
 * @param batchSize                records per invocation at most (Lambda: 1..10000, default 100)
 * @param maximumBatchingWindow    how long to gather records before invoking (Lambda default 0)
 * @param bisectBatchOnFunctionError split a failing batch in two before retrying
 * @param maximumRetryAttempts     retries of a batch before its records go to the on-failure destination
 * @param reportBatchItemFailures  the function returns {@code batchItemFailures} (FunctionResponseTypes)
 * @param filters                  Lambda event filter patterns; a record passes when any matches; empty passes all
 */
public record EventSourceMappingConfig(String tableName, String functionName, int batchSize,
                                       Duration maximumBatchingWindow, boolean bisectBatchOnFunctionError,
                                       int maximumRetryAttempts, boolean reportBatchItemFailures,
                                       List<String> filters) {

    public EventSourceMappingConfig {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batchSize must be 1..10000: " + batchSize);
        }
        if (maximumRetryAttempts < -1 || maximumRetryAttempts > 10_000) {
            throw new IllegalArgumentException("maximumRetryAttempts must be -1..10000: " + maximumRetryAttempts);
        }
        filters = List.copyOf(filters);
    }
}
