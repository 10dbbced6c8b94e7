package dev.sagastack.dynamo;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a TransactWriteItems and retries it, a bounded number of times, when it was cancelled only
 * because another transaction touched the same items at the same moment. The SDK does not retry
 * such cancellations itself; any other cancellation goes back to the caller unchanged.
 */
public final class Transactions {

    private static final int ATTEMPTS = 4;

    private Transactions() {
    }

    public static void write(DynamoDbClient client, TransactWriteItemsRequest request) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.transactWriteItems(request);
                return;
            } catch (TransactionCanceledException e) {
                if (attempt >= ATTEMPTS || !Cancellation.of(e).onlyConflicts()) {
                    throw e;
                }
                // full jitter, capped small: conflicting transactions finish within milliseconds
                long capMicros = Math.min(50_000L, 2_000L << attempt);
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(capMicros) * 1_000L);
            }
        }
    }
}
