package dev.sagastack.local.twin.access;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.ServiceError;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * An {@link EndpointGuard} in front of a JDK HTTP server's handler (the Step Functions, SSM and Secrets Manager
 * endpoints): the body is read once for the signature and handed on unchanged to the handler it lets through.
 */
public final class GuardFilter extends Filter {

    private final EndpointGuard guard;

    public GuardFilter(EndpointGuard guard) {
        this.guard = guard;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequestView request = new HttpRequestView(exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(), body);
        Optional<ServiceError> refusal = guard.refusal(request);
        if (refusal.isPresent()) {
            try (exchange) {
                ServiceError error = refusal.get();
                byte[] bytes = error.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", error.contentType());
                exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
                error.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                exchange.sendResponseHeaders(error.status(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
            return;
        }
        exchange.setStreams(new ByteArrayInputStream(body), null);
        chain.doFilter(exchange);
    }

    @Override
    public String description() {
        return "SigV4 and IAM policy check";
    }
}
