package dev.sagastack.local.twin.http;

import dev.sagastack.local.twin.gateway.GatewayRequest;
import dev.sagastack.local.twin.gateway.GatewayResponse;
import dev.sagastack.local.twin.gateway.HttpApiGateway;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.eclipse.jetty.server.Handler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The twin's one HTTP server: requests outside its own paths go through the API Gateway emulation to the HTTP
 * API function ({@link GatewayFastPath}); the console and the local APIs run on Javalin behind it.
 */
public final class TwinHttpServer implements AutoCloseable {

    private static final long MAX_REQUEST_BYTES = 10L * 1024 * 1024;
    private static final HandlerType[] API_METHODS = {HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD, HandlerType.OPTIONS};

    private final Javalin app;

    private TwinHttpServer(Javalin app) {
        this.app = app;
    }

    public static TwinHttpServer start(String host, int port, HttpApiGateway gateway, List<RouteRegistrar> ownRoutes) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            // the application's API first, on Jetty's core handler API; Javalin's servlet context is added after it
            config.jetty.modifyServer(server -> server.setHandler(
                    new Handler.Sequence(new GatewayFastPath(gateway, MAX_REQUEST_BYTES))));
            for (RouteRegistrar registrar : ownRoutes) {
                registrar.register(config.routes);
            }
            // what the fast path leaves to Javalin and no own route takes (e.g. /_local/faults without
            // --allow-faults) still goes to the gateway, as API Gateway would answer it
            for (HandlerType method : API_METHODS) {
                config.routes.addHttpHandler(method, "/", ctx -> forward(ctx, gateway));
                config.routes.addHttpHandler(method, "/*", ctx -> forward(ctx, gateway));
            }
        });
        app.start(host, port);
        return new TwinHttpServer(app);
    }

    public int port() {
        return app.port();
    }

    private static void forward(Context ctx, HttpApiGateway gateway) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            for (String value : Collections.list(ctx.req().getHeaders(name))) {
                headers.add(Map.entry(name, value));
            }
        }
        GatewayRequest request = new GatewayRequest(ctx.req().getMethod().toUpperCase(Locale.ROOT),
                ctx.req().getRequestURI(), ctx.req().getQueryString(), headers, ctx.bodyAsBytes(),
                ctx.req().getRemoteAddr(), ctx.req().getProtocol());
        GatewayResponse response = gateway.handle(request, ctx.port());
        send(ctx, response);
    }

    /** Writes the gateway's answer as it is: status, every header (repeats too) and body. */
    static void send(Context ctx, GatewayResponse response) {
        ctx.status(response.statusCode());
        for (Map.Entry<String, String> header : response.headers()) {
            if (header.getKey().equalsIgnoreCase("content-type")) {
                ctx.contentType(header.getValue());
            } else {
                ctx.res().addHeader(header.getKey(), header.getValue());
            }
        }
        ctx.result(response.body());
    }

    @Override
    public void close() {
        app.stop();
    }
}
