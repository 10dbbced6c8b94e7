package dev.sagastack.local.dynamodb;

import dev.sagastack.local.dynamodb.api.DynamoDbApi;
import dev.sagastack.local.dynamodb.api.ServerSettings;
import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.Persistence;
import dev.sagastack.local.dynamodb.engine.TtlSweeper;
import dev.sagastack.local.dynamodb.http.HttpFrontEnd;
import dev.sagastack.local.dynamodb.http.RequestGate;
import dev.sagastack.local.dynamodb.storage.LogPersistence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An embedded DynamoDB-compatible server (DynamoDB and DynamoDB Streams JSON 1.0 APIs) that the
 * AWS SDKs and CLI use unchanged through an endpoint override.
 *
 * <pre>{@code
 * try (DynamoDbServer server = DynamoDbServer.start(DynamoDbServer.Options.defaults())) {
 *     DynamoDbClient client = DynamoDbClient.builder().endpointOverride(server.endpoint())...build();
 * }
 * }</pre>
 */
public final class DynamoDbServer implements AutoCloseable {

    /** System property read by {@link Options#defaults()}: the unprocessed share of batch requests. */
    public static final String UNPROCESSED_PROPERTY = "sagastack.dynamodb.unprocessed";

    /**
     * Server options.
     *
     * @param host address to bind, 127.0.0.1 by default
     * @param port port to bind, 0 for a free port
     * @param dataDirectory where to keep durable state; empty keeps everything in memory
     * @param unprocessedFraction share of each batch call returned unprocessed, see {@link ServerSettings}
     * @param ttlSweepInterval how often expired items are deleted
     * @param clock the time source for TTL expiry, stream record times and retention
     * @param maxConnections concurrent client connections (one thread each)
     */
    public record Options(String host, int port, Optional<Path> dataDirectory, double unprocessedFraction,
            Duration ttlSweepInterval, Clock clock, int maxConnections) {

        public Options {
            Objects.requireNonNull(host);
            Objects.requireNonNull(dataDirectory);
            Objects.requireNonNull(ttlSweepInterval);
            Objects.requireNonNull(clock);
        }

        /** In memory, 127.0.0.1, a free port, system clock, unprocessed share from {@value #UNPROCESSED_PROPERTY}. */
        public static Options defaults() {
            String unprocessed = System.getProperty(UNPROCESSED_PROPERTY);
            return new Options("127.0.0.1", 0, Optional.empty(),
                    unprocessed == null ? 0 : Double.parseDouble(unprocessed), Duration.ofSeconds(1),
                    Clock.systemUTC(), 1024);
        }

        public Options withHost(String h) {
            return new Options(h, port, dataDirectory, unprocessedFraction, ttlSweepInterval, clock, maxConnections);
        }

        public Options withPort(int p) {
            return new Options(host, p, dataDirectory, unprocessedFraction, ttlSweepInterval, clock, maxConnections);
        }

        public Options withDataDirectory(Path dir) {
            return new Options(host, port, Optional.of(dir), unprocessedFraction, ttlSweepInterval, clock, maxConnections);
        }

        public Options withUnprocessedFraction(double f) {
            return new Options(host, port, dataDirectory, f, ttlSweepInterval, clock, maxConnections);
        }

        public Options withTtlSweepInterval(Duration d) {
            return new Options(host, port, dataDirectory, unprocessedFraction, d, clock, maxConnections);
        }

        public Options withClock(Clock c) {
            return new Options(host, port, dataDirectory, unprocessedFraction, ttlSweepInterval, c, maxConnections);
        }

        public Options withMaxConnections(int max) {
            return new Options(host, port, dataDirectory, unprocessedFraction, ttlSweepInterval, clock, max);
        }
    }

    private final Database database;
    private final ServerSettings settings;
    private final DynamoDbApi api;
    private final HttpFrontEnd http;
    private final TtlSweeper ttl;
    private final String host;

    private DynamoDbServer(Options options, RequestGate gate) throws IOException {
        Persistence persistence = options.dataDirectory().<Persistence>map(LogPersistence::new)
                .orElse(Persistence.NONE);
        this.database = new Database(options.clock(), persistence);
        this.settings = new ServerSettings(options.unprocessedFraction());
        this.host = options.host();
        try {
            this.api = new DynamoDbApi(database, settings);
            this.http = new HttpFrontEnd(options.host(), options.port(), api,
                    options.maxConnections(), gate);
        } catch (IOException | RuntimeException e) {
            database.close();
            throw e;
        }
        this.ttl = new TtlSweeper(database, options.ttlSweepInterval());
    }

    public static DynamoDbServer start(Options options) {
        return start(options, null);
    }

    /** A server whose HTTP endpoint answers only the requests {@code gate} lets through (null: all). */
    public static DynamoDbServer start(Options options, RequestGate gate) {
        try {
            return new DynamoDbServer(options, gate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DynamoDbServer start() {
        return start(Options.defaults());
    }

    public int port() {
        return http.port();
    }

    public URI endpoint() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        if (h.equals("0.0.0.0")) {
            h = "127.0.0.1";
        }
        return URI.create("http://" + h + ":" + port());
    }

    /**
     * The protocol handler behind the HTTP front end: the same operations, for a host that runs its
     * clients in this JVM and hands them the request bodies directly (the local twin's in-process transport).
     */
    public DynamoDbApi api() {
        return api;
    }

    /** Changes the unprocessed share of batch calls while running (0 turns it off). */
    public void setUnprocessedFraction(double fraction) {
        settings.setUnprocessedFraction(fraction);
    }

    /** Deletes the items whose TTL has passed now, instead of waiting for the next background sweep. */
    public int sweepExpiredItems() {
        return ttl.sweep();
    }

    @Override
    public void close() {
        ttl.close();
        http.close();
        database.close();
    }
}
