package dev.sagastack.dax;

import dev.sagastack.config.EnvironmentVariables;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Map;
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

    /**
     * Uses DAX when {@code DAX_ENDPOINT} is set (a {@code dax://} or {@code daxs://} cluster endpoint).
     *
     * @throws IllegalStateException for an endpoint of another scheme
     */
    public static ReadRouting fromEnvironment(Map<String, String> env, DynamoDbClient dynamo, Region region,
                                              DaxClientFactory factory) {
        String endpoint = env.get(EnvironmentVariables.DAX_ENDPOINT);
        if (endpoint == null || endpoint.isBlank()) {
            return new ReadRouting(dynamo, Optional.empty());
        }
        if (!endpoint.startsWith("dax://") && !endpoint.startsWith("daxs://")) {
            throw new IllegalStateException(EnvironmentVariables.DAX_ENDPOINT
                    + " must be a dax:// or daxs:// cluster endpoint, was " + endpoint);
        }
        return new ReadRouting(dynamo, Optional.of(factory.create(endpoint.trim(), region)));
    }

    public DynamoDbClient clientFor(ReadKind kind) {
        return kind == ReadKind.EVENTUALLY_CONSISTENT ? dax.orElse(dynamo) : dynamo;
    }

    public boolean usesDax() {
        return dax.isPresent();
    }
}
