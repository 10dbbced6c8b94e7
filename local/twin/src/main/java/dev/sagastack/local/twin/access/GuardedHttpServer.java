package dev.sagastack.local.twin.access;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK HTTP server serving one engine's protocol handler behind an {@link EndpointGuard}, with a thread per call in
 * flight (Step Functions' GetActivityTask long-polls hold theirs for up to 60 s).
 */
public final class GuardedHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private GuardedHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static GuardedHttpServer start(String host, HttpHandler handler, EndpointGuard guard, String threadName) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, 0), 128);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext("/", handler).getFilters().add(new GuardFilter(guard));
            server.start();
            return new GuardedHttpServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ": " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
