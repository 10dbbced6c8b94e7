package dev.sagastack.local.stepfunctions.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the Step Functions JSON API over HTTP so the AWS SDK's SfnClient works with an endpoint
 * override. Binds 127.0.0.1 unless told otherwise; port 0 picks a free port. {@link #handler}
 * can be mounted in another JDK HTTP server instead.
 */
public final class StepFunctionsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private StepFunctionsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static StepFunctionsServer start(StepFunctionsEngine engine, int port) {
        return start(engine, "127.0.0.1", port);
    }

    public static StepFunctionsServer start(StepFunctionsEngine engine, String host, int port) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 128);
            // a thread per call in flight: GetActivityTask long-polls hold theirs for up to 60 s, and must
            // not starve the other operations
            ExecutorService ex = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "sfn-http");
                t.setDaemon(true);
                return t;
            });
            s.setExecutor(ex);
            s.createContext("/", handler(new StepFunctionsApi(engine)));
            s.start();
            return new StepFunctionsServer(s, ex);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** A JDK HttpHandler serving the API. */
    public static HttpHandler handler(StepFunctionsApi api) {
        return exchange -> {
            try (exchange) {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    send(exchange, 404, "{\"__type\":\"UnknownOperationException\",\"message\":\"POST only\"}");
                    return;
                }
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(in.readAllBytes())).toString();
                } catch (CharacterCodingException e) {
                    // a body that is not UTF-8 is not JSON (RFC 8259, section 8.1); decoding it leniently would
                    // turn the bytes into U+FFFD and run the request with names nobody sent
                    send(exchange, 400, "{\"__type\":\"SerializationException\",\"message\":\"Invalid UTF-8 in the request body\"}");
                    return;
                }
                StepFunctionsApi.Response r = api.handle(exchange.getRequestHeaders().getFirst("X-Amz-Target"), body);
                send(exchange, r.status(), r.body());
            }
        };
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + port());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
