package dev.sagastack.local.twin.streams;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * Records a stream event source mapping gave up on, as its on-failure destination receives them: the
 * batch's place in the stream (Lambda's {@code DDBStreamBatchInfo}), why (condition and last error), and
 * here also the records themselves so an operator can see and replay them.
 *
 * @param condition {@code RetryAttemptsExhausted} (the mapping's retries ran out)
 */
public record DeadLetter(String id, Instant time, String functionName, String streamArn, String shardId,
                         String startSequenceNumber, String endSequenceNumber, int batchSize,
                         String condition, int attempts, String lastError, List<JsonNode> records) {

    public DeadLetter {
        records = List.copyOf(records);
    }
}
