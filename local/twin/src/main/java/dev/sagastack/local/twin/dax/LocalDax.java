package dev.sagastack.local.twin.dax;

import dev.sagastack.local.dynamodb.api.DynamoDbApi;
import dev.sagastack.local.dynamodb.dax.DaxAuthenticator;
import dev.sagastack.local.dynamodb.dax.DaxCache;
import dev.sagastack.local.dynamodb.dax.DaxServer;
import dev.sagastack.local.twin.cloudformation.Deployment;
import dev.sagastack.local.twin.cloudformation.Deployment.Resource;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stage's DAX clusters served by one local DAX node in front of the twin's DynamoDB engine (same tables).
 * A cluster whose template asks for TLS ({@code ClusterEndpointEncryptionType: TLS}, a {@code daxs://}
 * discovery URL) is served on the node's TLS port with a certificate from the local CA, which this JVM's
 * default trust store is made to trust ({@link LocalTrustStore}), so the functions' DAX client verifies it
 * unchanged.
 */
public final class LocalDax implements AutoCloseable {

    /** One cluster of the template and the local endpoint its endpoint attributes are bound to. */
    public record Cluster(String logicalId, String name, String arn, String templateUrl, String templateEndpoint,
                          URI localUrl) {

        /** {@code ClusterDiscoveryEndpoint} is host:port without a scheme. */
        public String localEndpoint() {
            return localUrl.getHost() + ":" + localUrl.getPort();
        }
    }

    private final DaxServer server;
    private final List<Cluster> clusters;

    private LocalDax(DaxServer server, List<Cluster> clusters) {
        this.server = server;
        this.clusters = clusters;
    }

    /** Starts the local node when the stage has a DAX cluster; empty otherwise. */
    public static Optional<LocalDax> start(Deployment deployment, DynamoDbApi engine, String host, int port) {
        return start(deployment, engine, host, port, DaxAuthenticator.ACCEPT_ALL);
    }

    /** As above, with each connection's authorizeConnection checked by {@code authenticator}. */
    public static Optional<LocalDax> start(Deployment deployment, DynamoDbApi engine, String host, int port,
                                           DaxAuthenticator authenticator) {
        List<Resource> resources = deployment.resources("AWS::DAX::Cluster");
        if (resources.isEmpty()) {
            return Optional.empty();
        }
        boolean tls = resources.stream().anyMatch(r -> url(deployment, r).startsWith("daxs://"));
        DaxServer.Options options = DaxServer.Options.defaults().withHost(host).withPort(port);
        if (tls) {
            options = options.withTlsPort(0);
        }
        DaxServer server = DaxServer.start(engine, options, authenticator);
        try {
            server.certificateAuthority().ifPresent(LocalTrustStore::trust);
            List<Cluster> clusters = new ArrayList<>();
            for (Resource r : resources) {
                String url = url(deployment, r);
                URI local = url.startsWith("daxs://") ? server.tlsEndpoint().orElseThrow() : server.endpoint();
                clusters.add(new Cluster(r.logicalId(), r.physicalId(), deployment.attribute(r, "Arn").asText(), url,
                        deployment.attribute(r, "ClusterDiscoveryEndpoint").asText(), local));
            }
            return Optional.of(new LocalDax(server, List.copyOf(clusters)));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static String url(Deployment deployment, Resource cluster) {
        return deployment.attribute(cluster, "ClusterDiscoveryEndpointURL").asText();
    }

    public List<Cluster> clusters() {
        return clusters;
    }

    /** Template endpoint value (URL or host:port) to the local one, for the functions' environment. */
    public Map<String, String> bindings() {
        Map<String, String> bindings = new LinkedHashMap<>();
        for (Cluster c : clusters) {
            bindings.put(c.templateUrl(), c.localUrl().toString());
            bindings.put(c.templateEndpoint(), c.localEndpoint());
        }
        return bindings;
    }

    /** The endpoints the node listens on, as clients name them. */
    public List<URI> endpoints() {
        List<URI> endpoints = new ArrayList<>();
        endpoints.add(server.endpoint());
        server.tlsEndpoint().ifPresent(endpoints::add);
        return endpoints;
    }

    public Map<String, DaxCache.Counters> counters() {
        return server.cache().counters();
    }

    @Override
    public void close() {
        server.close();
    }
}
