package dev.sagastack.local.dynamodb.dax;

import dev.sagastack.local.dynamodb.api.DynamoDbApi;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local DAX cluster of one node: the DAX wire protocol (as the official DAX clients speak it) in
 * front of the embedded DynamoDB engine, with DAX's item and query caches. Plain {@code dax://} on one
 * port and, optionally, {@code daxs://} (TLS) on another; both serve the same tables and caches.
 */
public final class DaxServer implements AutoCloseable {

    /**
     * DAX options.
     *
     * @param host address to bind, 127.0.0.1 by default
     * @param port plain port, 0 for a free one
     * @param tlsPort TLS port (0 for a free one), empty for no TLS listener
     * @param itemTtl item cache TTL (DAX default 5 minutes; zero disables the item cache)
     * @param queryTtl query cache TTL (DAX default 5 minutes; zero disables the query cache)
     * @param clock time source of cache expiry
     */
    public record Options(String host, int port, Optional<Integer> tlsPort, Duration itemTtl, Duration queryTtl,
            Clock clock, Optional<SSLContext> tlsContext) {

        public Options {
            Objects.requireNonNull(host);
            Objects.requireNonNull(tlsPort);
            Objects.requireNonNull(itemTtl);
            Objects.requireNonNull(queryTtl);
            Objects.requireNonNull(clock);
            Objects.requireNonNull(tlsContext);
        }

        public static Options defaults() {
            return new Options("127.0.0.1", 0, Optional.empty(), Duration.ofMinutes(5), Duration.ofMinutes(5),
                    Clock.systemUTC(), Optional.empty());
        }

        public Options withHost(String h) {
            return new Options(h, port, tlsPort, itemTtl, queryTtl, clock, tlsContext);
        }

        public Options withPort(int p) {
            return new Options(host, p, tlsPort, itemTtl, queryTtl, clock, tlsContext);
        }

        public Options withTlsPort(int p) {
            return new Options(host, port, Optional.of(p), itemTtl, queryTtl, clock, tlsContext);
        }

        public Options withTtls(Duration item, Duration query) {
            return new Options(host, port, tlsPort, item, query, clock, tlsContext);
        }

        public Options withClock(Clock c) {
            return new Options(host, port, tlsPort, itemTtl, queryTtl, c, tlsContext);
        }

        /**
         * The TLS port presents the certificate of {@code context} (its key managers) instead of one from a
         * {@link LocalCertificateAuthority} made at start; {@link #certificateAuthority()} is then empty.
         */
        public Options withTlsContext(SSLContext context) {
            return new Options(host, port, tlsPort, itemTtl, queryTtl, clock, Optional.of(context));
        }
    }

    private final DaxCache cache;
    private final DaxDispatcher dispatcher;
    private final DaxAuthenticator authenticator;
    private final ServerSocket plain;
    private final Optional<ServerSocket> tls;
    private final Optional<LocalCertificateAuthority> authority;
    private final String host;
    private final ExecutorService connections;
    private final List<Socket> open = new ArrayList<>();
    private volatile boolean closed;

    private DaxServer(DynamoDbApi api, Options options, DaxAuthenticator authenticator) throws IOException {
        this.authenticator = authenticator;
        this.host = options.host();
        this.cache = new DaxCache(options.clock(), options.itemTtl(), options.queryTtl());
        this.dispatcher = new DaxDispatcher(new DaxOperations(new Engine(api),
                new ItemEncoder(new AttributeLists()), cache));
        AtomicInteger n = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dax-connection-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        InetAddress bind = InetAddress.getByName(options.host());
        this.plain = new ServerSocket();
        plain.bind(new InetSocketAddress(bind, options.port()), 128);
        if (options.tlsPort().isPresent()) {
            Optional<LocalCertificateAuthority> ca = options.tlsContext().isPresent()
                    ? Optional.empty() : Optional.of(LocalCertificateAuthority.create());
            SSLContext context = options.tlsContext().orElseGet(() -> ca.orElseThrow().serverContext());
            ServerSocket s = context.getServerSocketFactory().createServerSocket();
            s.bind(new InetSocketAddress(bind, options.tlsPort().get()), 128);
            this.tls = Optional.of(s);
            this.authority = ca;
        } else {
            this.tls = Optional.empty();
            this.authority = Optional.empty();
        }
        accept(plain, "dax-accept");
        tls.ifPresent(s -> accept(s, "daxs-accept"));
    }

    /** Starts DAX in front of {@code api} (usually {@code DynamoDbServer.api()}). */
    public static DaxServer start(DynamoDbApi api, Options options) {
        return start(api, options, DaxAuthenticator.ACCEPT_ALL);
    }

    /** DAX whose connections must pass {@code authenticator} with their authorizeConnection before any data. */
    public static DaxServer start(DynamoDbApi api, Options options, DaxAuthenticator authenticator) {
        try {
            return new DaxServer(api, options, authenticator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket server, String name) {
        Thread t = new Thread(() -> {
            while (!closed) {
                try {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    synchronized (open) {
                        open.add(s);
                    }
                    connections.execute(() -> {
                        try {
                            new DaxSession(s, dispatcher, authenticator).run();
                        } finally {
                            synchronized (open) {
                                open.remove(s);
                            }
                        }
                    });
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return plain.getLocalPort();
    }

    /** The {@code dax://} endpoint for ClusterDaxClient. */
    public URI endpoint() {
        return URI.create("dax://" + displayHost() + ":" + port());
    }

    /** The {@code daxs://} endpoint, when a TLS port was asked for. */
    public Optional<URI> tlsEndpoint() {
        return tls.map(s -> URI.create("daxs://" + displayHost() + ":" + s.getLocalPort()));
    }

    /** The local certificate authority the TLS port's certificate chains to, when TLS is on. */
    public Optional<LocalCertificateAuthority> certificateAuthority() {
        return authority;
    }

    public DaxCache cache() {
        return cache;
    }

    private String displayHost() {
        return host.equals("0.0.0.0") ? "127.0.0.1" : host;
    }

    @Override
    public void close() {
        closed = true;
        try {
            plain.close();
            if (tls.isPresent()) {
                tls.get().close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        synchronized (open) {
            for (Socket s : open) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
        connections.shutdownNow();
    }
}
