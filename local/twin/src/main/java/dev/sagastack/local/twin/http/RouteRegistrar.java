package dev.sagastack.local.twin.http;

import io.javalin.config.RoutesConfig;

/** A group of the twin's own HTTP routes (console, local-only APIs), registered before the API's catch-all. */
@FunctionalInterface
public interface RouteRegistrar {

    void register(RoutesConfig routes);
}
