package dev.sagastack.dax;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dax.ClusterDaxClient;
import software.amazon.dax.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Builds the DAX client; a seam so the routing decision can be tested without a cluster. */
@FunctionalInterface
public interface DaxClientFactory {

    DynamoDbClient create(String endpoint, Region region);

    /** The DAX SDK v2 cluster client ({@code software.amazon.dax:amazon-dax-client}). */
    static DaxClientFactory sdk() {
        return (endpoint, region) -> {
            try {
                return ClusterDaxClient.builder()
                        .overrideConfiguration(Configuration.builder().url(endpoint).region(region).build())
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create DAX client for " + endpoint, e);
            }
        };
    }
}
