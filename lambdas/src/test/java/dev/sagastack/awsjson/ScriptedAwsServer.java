package dev.sagastack.awsjson;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP endpoint for the tests of the signed AWS JSON clients: it records each request and answers the
 * scripted responses in order ({@code 200 {}} when none is left), with an {@code x-amzn-RequestId} of
 * {@code REQ<n>} for the n-th request.
 */
public final class ScriptedAwsServer implements AutoCloseable {

    /** One scripted answer. */
    public record Answer(int status, String body, Map<String, String> headers) {
    }

    /** One request as it arrived; header names in lower case, their first value. */
    public record Request(String method, String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private ScriptedAwsServer(String contentType) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Answer answer = answers.isEmpty() ? new Answer(200, "{}", Map.of()) : answers.poll();
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.getResponseHeaders().add("x-amzn-RequestId", "REQ" + requests.size());
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    /** Started on a free port of 127.0.0.1, answering with {@code contentType}. */
    public static ScriptedAwsServer start(String contentType) {
        return new ScriptedAwsServer(contentType);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void answer(int status, String body) {
        answer(status, body, Map.of());
    }

    public void answer(int status, String body, Map<String, String> headers) {
        answers.add(new Answer(status, body, headers));
    }

    public List<Request> requests() {
        return requests;
    }

    /** Stops answering: connections are refused from now on. */
    @Override
    public void close() {
        server.stop(0);
    }
}
