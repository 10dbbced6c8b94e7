package dev.sagastack.dax;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dax.ClusterDaxClient;
import software.amazon.dax.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;

/** Builds the DAX client; a seam so the routing decision can be tested without a cluster. */
@FunctionalInterface
public interface DaxClientFactory {

    /** Connecting to a node: a cluster in the function's VPC answers in milliseconds. */
    Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    /** One request: cache hits take about a millisecond, misses one DynamoDB read more. */
    Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

    DynamoDbClient create(String endpoint, Region region);

    /**
     * The DAX SDK v2 cluster client ({@code software.amazon.dax:amazon-dax-client}) with timeouts that
     * bound how long a read waits on an unreachable cluster before it falls back to DynamoDB, and no
     * read retries of its own (the fallback is the retry).
     */
    static DaxClientFactory sdk() {
        return sdk(Optional.empty());
    }

    /** The cluster client signing its connections with {@code credentials} (empty: the SDK's default chain). */
    static DaxClientFactory sdk(Optional<AwsCredentialsProvider> credentials) {
        return (endpoint, region) -> {
            try {
                Configuration.Builder configuration = Configuration.builder().url(endpoint).region(region);
                credentials.ifPresent(configuration::credentialsProvider);
                return ClusterDaxClient.builder()
                        .overrideConfiguration(configuration
                                .connectTimeoutMillis((int) CONNECT_TIMEOUT.toMillis())
                                .requestTimeoutMillis((int) REQUEST_TIMEOUT.toMillis())
                                .readRetries(0)
                                .build())
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create DAX client for " + endpoint, e);
            }
        };
    }
}
