package dev.sagastack.local.twin.http;

import dev.sagastack.local.twin.gateway.GatewayRequest;
import dev.sagastack.local.twin.gateway.GatewayResponse;
import dev.sagastack.local.twin.gateway.HttpApiGateway;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the application's HTTP API straight from Jetty's core handler API, in front of the servlet stack
 * the console and the local endpoints run on: a request whose path is not the twin's own ({@code /console},
 * {@code /_local}, {@code /openapi.json}, {@code /docs}) goes to the API Gateway emulation without passing through the servlet and routing layers,
 * which cost several times the CPU of the gateway's own work per request. Everything else falls through to
 * the next handler. The gateway sees the same request either way.
 */
final class GatewayFastPath extends Handler.Abstract {

    /** A refused body is read and dropped up to this many times the quota, then the connection is closed. */
    private static final int DRAIN_FACTOR = 4;
    private static final int DRAIN_TIMEOUT_SECONDS = 30;
    private static final byte[] TOO_LARGE = "{\"message\":\"Request Entity Too Large\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpApiGateway gateway;
    private final long maxRequestBytes;

    GatewayFastPath(HttpApiGateway gateway, long maxRequestBytes) {
        this.gateway = gateway;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** Whether the twin itself (not the application's API) answers {@code path}. */
    static boolean isTwinPath(String path) {
        return is(path, "/console") || is(path, "/_local") || path.equals("/openapi.json") || is(path, "/docs");
    }

    private static boolean is(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String rawPath = request.getHttpURI().getPath();
        if (rawPath == null || isTwinPath(rawPath)) {
            return false;
        }
        if (request.getLength() > maxRequestBytes) {
            refuseTooLarge(request, response, callback);
            return true;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (HttpField field : request.getHeaders()) {
            headers.add(Map.entry(field.getName(), field.getValue()));
        }
        byte[] body;
        try {
            body = Content.Source.asByteArrayAsync(request, (int) Math.min(Integer.MAX_VALUE, maxRequestBytes)).get();
        } catch (java.util.concurrent.ExecutionException tooLargeOrBroken) {
            refuseTooLarge(request, response, callback);
            return true;
        }
        GatewayRequest gatewayRequest = new GatewayRequest(request.getMethod().toUpperCase(Locale.ROOT), rawPath,
                request.getHttpURI().getQuery(), headers, body, Request.getRemoteAddr(request),
                request.getConnectionMetaData().getProtocol());
        send(response, callback, gateway.handle(gatewayRequest, Request.getLocalPort(request)));
        return true;
    }

    /**
     * 413, after reading what the client still sends (up to a bound): a server that answers and closes while
     * the body is still arriving makes the kernel reset the connection, and the client loses the answer.
     */
    private void refuseTooLarge(Request request, Response response, Callback callback) throws Exception {
        if (!drain(request, DRAIN_FACTOR * maxRequestBytes)) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        send(response, callback, new GatewayResponse(413, List.of(Map.entry("content-type", "application/json")),
                TOO_LARGE));
    }

    /** Reads and drops the rest of the request body; false when it is longer than {@code limit} or broken. */
    private static boolean drain(Request request, long limit) throws Exception {
        if (request.getLength() > limit) {
            return false;
        }
        long drained = 0;
        while (drained <= limit) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                java.util.concurrent.CompletableFuture<Void> more = new java.util.concurrent.CompletableFuture<>();
                request.demand(() -> more.complete(null));
                more.get(DRAIN_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                continue;
            }
            if (Content.Chunk.isFailure(chunk)) {
                return false;
            }
            drained += chunk.remaining();
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                return true;
            }
        }
        return false;
    }

    private static void send(Response response, Callback callback, GatewayResponse answer) {
        response.setStatus(answer.statusCode());
        for (Map.Entry<String, String> header : answer.headers()) {
            if (header.getKey().equalsIgnoreCase(HttpHeader.CONTENT_TYPE.asString())) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, header.getValue());
            } else {
                response.getHeaders().add(header.getKey(), header.getValue());
            }
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }
}
