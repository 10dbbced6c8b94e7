package dev.sagastack.local.dynamodb.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sagastack.local.dynamodb.api.DynamoDbApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * HTTP/1.1 (keep-alive) front end on the JDK's built-in server: POST / with an X-Amz-Target
 * header; the response carries x-amzn-RequestId and the x-amz-crc32 checksum that the AWS SDKs
 * verify. Requests run on a bounded pool.
 */
public final class HttpFrontEnd implements AutoCloseable {

    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final DynamoDbApi api;

    public HttpFrontEnd(String host, int port, DynamoDbApi api, int threads) throws IOException {
        // Without TCP_NODELAY, small keep-alive responses wait on delayed ACKs.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        this.api = api;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 1024);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
                r -> {
                    Thread t = new Thread(r, "dynamodb-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            DynamoDbApi.Response response;
            if ("GET".equals(exchange.getRequestMethod()) && body.length == 0) {
                // Health probe: DynamoDB answers a plain GET with a short text.
                response = new DynamoDbApi.Response(200, "healthy: dynamodb.us-east-1.amazonaws.com"
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                response = api.handle(exchange.getRequestHeaders().getFirst("X-Amz-Target"), body);
            }
            CRC32 crc = new CRC32();
            crc.update(response.body());
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", CONTENT_TYPE);
            headers.set("x-amzn-RequestId", requestId());
            headers.set("x-amz-crc32", Long.toString(crc.getValue()));
            exchange.sendResponseHeaders(response.status(), response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    private static String requestId() {
        // DynamoDB request ids are 52 upper-case alphanumerics; a random UUID's hex is close enough.
        UUID u = UUID.randomUUID();
        return (Long.toHexString(u.getMostSignificantBits()) + Long.toHexString(u.getLeastSignificantBits()))
                .toUpperCase();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
