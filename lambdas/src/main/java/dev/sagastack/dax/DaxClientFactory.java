package dev.sagastack.dax;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
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
     * read retries of its own (the fallback is the retry). Two settings are a function's, not the
     * client's defaults:
     * <ul>
     *   <li>No health checks: they call each node every 5 s on a thread of their own, which in Lambda runs
     *   only while an invocation thaws the container, and the first one opens a connection (a TLS handshake
     *   and a signed authentication) beside the first read's in the cold start. With the client's route
     *   manager off (its default), a health check only rebuilds a node's client after ten failures; here a
     *   failed read opens the {@link DaxCircuit} and DynamoDB serves, and the cluster refresh (every 4 s)
     *   still drops nodes the cluster no longer lists.</li>
     *   <li>One event loop thread ({@link EventLoop}) instead of the client's two per processor: a function
     *   serves one request at a time on a fraction of a vCPU, and every thread and selector is cold-start
     *   work.</li>
     * </ul>
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
                                .enableHealthChecks(false)
                                .eventLoopGroup(EventLoop.GROUP)
                                .build())
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create DAX client for " + endpoint, e);
            }
        };
    }

    /** The event loop every DAX client of this JVM shares: one daemon thread, started with the first client. */
    final class EventLoop {
        static final EventLoopGroup GROUP = new NioEventLoopGroup(1, new DefaultThreadFactory("dax-event-loop", true));

        private EventLoop() {
        }
    }
}
