package dev.sagastack.local.iam;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * An endpoint on 127.0.0.1 that does what a local service's front end will do: build the
 * {@link HttpRequestView}, ask {@link AccessControl}, and answer a refusal with the service's error
 * (an allowed call gets an empty JSON object, which the SDKs read as an empty response).
 */
final class LocalFrontDoor implements AutoCloseable {

    private final HttpServer server;

    LocalFrontDoor(AccessControl control, Function<HttpRequestView, ServiceActionResolver> resolverFor) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> answer(exchange, control, resolverFor));
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, AccessControl control,
                               Function<HttpRequestView, ServiceActionResolver> resolverFor) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequestView view = new HttpRequestView(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
        ServiceActionResolver resolver = resolverFor.apply(view);
        Decision decision = control.authorize(view, resolver);
        int status = 200;
        String contentType = "application/x-amz-json-1.0";
        String response = "{}";
        if (!decision.allowed()) {
            ServiceError error = decision.error(resolver.service());
            status = error.status();
            contentType = error.contentType();
            response = error.body();
            error.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        }
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
