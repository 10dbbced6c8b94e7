package dev.sagastack.dax;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dax.ClusterDaxClient;
import software.amazon.dax.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Builds the DAX client; a seam so the routing decision can be tested without a cluster. */
@FunctionalInterface
public interface DaxClientFactory {

    DynamoDbClient create(String endpoint, Region region);

    /** The DAX SDK v2 cluster client ({@code software.amazon.dax:amazon-dax-client}). */
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
                        .overrideConfiguration(configuration.build())
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create DAX client for " + endpoint, e);
            }
        };
    }
}
