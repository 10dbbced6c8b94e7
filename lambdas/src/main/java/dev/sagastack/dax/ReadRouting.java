package dev.sagastack.dax;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Optional;

/**
 * Chooses the client for a read: DAX for eventually consistent reads when a DAX endpoint is
 * configured, plain DynamoDB for everything else (version checks, conditional writes' reads,
 * read-after-write, the event store) and when there is no DAX.
 */
public final class ReadRouting {

    private final DynamoDbClient dynamo;
    private final Optional<DynamoDbClient> dax;

    public ReadRouting(DynamoDbClient dynamo, Optional<DynamoDbClient> dax) {
        this.dynamo = dynamo;
        this.dax = dax;
    }

    public DynamoDbClient clientFor(ReadKind kind) {
        return kind == ReadKind.EVENTUALLY_CONSISTENT ? dax.orElse(dynamo) : dynamo;
    }

    public boolean usesDax() {
        return dax.isPresent();
    }
}
