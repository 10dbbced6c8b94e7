package dev.sagastack.local.twin.http;

import dev.sagastack.local.twin.access.ExecuteApiSigner;
import dev.sagastack.local.twin.gateway.GatewayRequest;
import dev.sagastack.local.twin.gateway.GatewayResponse;
import dev.sagastack.local.twin.gateway.HttpApiGateway;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /_local/app/<path>}: the console's reads of the application's API ({@code GET /orders?status=...}),
 * signed with SigV4 as the administrator and handed to the gateway, so the browser needs no AWS credentials while
 * the API itself stays IAM-authorized. Reads only: the console changes nothing through the application's API.
 */
public final class ConsoleApiRelay implements RouteRegistrar {

    public static final String PREFIX = "/_local/app";

    private final HttpApiGateway gateway;
    private final ExecuteApiSigner signer;

    public ConsoleApiRelay(HttpApiGateway gateway, ExecuteApiSigner signer) {
        this.gateway = gateway;
        this.signer = signer;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(PREFIX + "/*", this::relay);
    }

    private void relay(Context ctx) {
        String rawPath = ctx.req().getRequestURI().substring(PREFIX.length());
        String rawQuery = ctx.req().getQueryString() == null ? "" : ctx.req().getQueryString();
        String authority = "127.0.0.1:" + ctx.port();
        URI uri = URI.create("http://" + authority + rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        signer.signedHeaders("GET", uri, Map.of(), new byte[0])
                .forEach((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
        GatewayResponse response = gateway.handle(new GatewayRequest("GET", rawPath, rawQuery, headers, new byte[0],
                ctx.req().getRemoteAddr(), ctx.req().getProtocol()), ctx.port());
        TwinHttpServer.send(ctx, response);
    }
}
