package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Matches method and path against the routes of {@link HttpApiRoutes}: 404 for a path no route has,
 * 405 (with {@code Allow}) for a known path with another method.
 */
final class Router {

    private record Route(String method, String[] segments, Function<ApiRequest, APIGatewayV2HTTPResponse> action) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final Set<HttpApiRoutes.Route> registered = new LinkedHashSet<>();

    Router add(HttpApiRoutes.Route route, Function<ApiRequest, APIGatewayV2HTTPResponse> action) {
        if (!HttpApiRoutes.all().contains(route)) {
            throw new IllegalStateException(route.routeKey() + " is not in the route catalog");
        }
        if (!registered.add(route)) {
            throw new IllegalStateException(route.routeKey() + " has two actions");
        }
        routes.add(new Route(route.method(), split(route.pathTemplate()), action));
        return this;
    }

    /** The catalog routes that have an action. */
    Set<HttpApiRoutes.Route> registered() {
        return Set.copyOf(registered);
    }

    /** Fails unless every route of the catalog has an action, so the handler serves what infra exposes. */
    void requireEvery(List<HttpApiRoutes.Route> catalog) {
        List<String> missing = catalog.stream().filter(r -> !registered.contains(r)).map(HttpApiRoutes.Route::routeKey).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("routes without an action: " + missing);
        }
    }

    APIGatewayV2HTTPResponse route(ApiRequest request) {
        String[] path = split(request.path());
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> parameters = match(route.segments(), path);
            if (parameters.isEmpty()) {
                continue;
            }
            if (route.method().equals(request.method())) {
                return route.action().apply(request.withPathParameters(parameters.get()));
            }
            allowed.add(route.method());
        }
        if (allowed.isEmpty()) {
            boolean inCatalog = HttpApiRoutes.all().stream()
                    .anyMatch(r -> r.method().equals(request.method()) && match(split(r.pathTemplate()), path).isPresent());
            throw new ApiException(404, "NotFound", inCatalog
                    ? request.method() + " " + request.path() + " does not exist in this stage (it runs without the order saga "
                    + "or the inventory database this route needs)"
                    : "no route for " + request.method() + " " + request.path(), null);
        }
        throw new MethodNotAllowed(request.method(), request.path(), String.join(", ", allowed));
    }

    /** 405 with the methods the path does accept. */
    static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String allow;

        MethodNotAllowed(String method, String path, String allow) {
            super(method + " is not allowed on " + path + "; allowed: " + allow);
            this.allow = allow;
        }
    }

    private static Optional<Map<String, String>> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(p.substring(1, p.length() - 1), decode(path[i]));
            } else if (!p.equals(path[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    private static String decode(String segment) {
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("path", "malformed path segment " + segment);
        }
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
