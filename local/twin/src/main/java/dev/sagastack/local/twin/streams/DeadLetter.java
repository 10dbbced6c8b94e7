package dev.sagastack.local.twin.streams;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * A batch a stream event source mapping gave up on, as its on-failure destination is told of it: the batch's
 * place in the stream (Lambda's {@code DDBStreamBatchInfo}), why (condition, invocations, last error), and here
 * also the records themselves so an operator can see and redrive them (AWS sends only the description; the
 * records stay in the stream until they expire).
 *
 * @param condition   {@code RetryAttemptsExhausted} (the mapping's retries ran out) or {@code RecordAgeExceeded}
 *                    (older than MaximumRecordAgeInSeconds, not sent to the function)
 * @param attempts    invocations of the function with these records (0 when they aged out before one)
 * @param destination the queue ARN of the mapping's on-failure destination, empty when it has none
 * @param functionQualifier the alias or version the mapping invokes its function through, empty when unqualified
 */
public record DeadLetter(String id, Instant time, String functionName, String streamArn, String shardId,
                         String startSequenceNumber, String endSequenceNumber, int batchSize,
                         String condition, int attempts, String lastError, List<JsonNode> records,
                         String destination, String functionQualifier) {

    public static final String RETRY_ATTEMPTS_EXHAUSTED = "RetryAttemptsExhausted";
    public static final String RECORD_AGE_EXCEEDED = "RecordAgeExceeded";

    public DeadLetter {
        records = List.copyOf(records);
    }

    /** When the first and last record reached the stream (ApproximateCreationDateTime, whole seconds). */
    Instant arrivalOf(int index) {
        JsonNode time = records.get(index).path("dynamodb").path("ApproximateCreationDateTime");
        return time.isNumber() ? Instant.ofEpochSecond(time.asLong()) : time();
    }
}
