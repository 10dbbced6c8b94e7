package dev.sagastack.api;

import java.util.List;
import java.util.Locale;

/**
 * The HTTP API's route catalog, declared once: {@link HttpApiHandler} dispatches exactly these
 * routes (it refuses to start if one has no action), infra creates one API Gateway route per entry,
 * and the local twin reads {@link #routeKeys()}. Path templates use API Gateway's {@code {name}}
 * syntax, so a route key such as {@code "GET /orders/{id}"} is the same string everywhere.
 */
public final class HttpApiRoutes {

    /**
     * One route.
     *
     * @param method         HTTP method in upper case
     * @param pathTemplate   path with {@code {parameter}} segments
     * @param needsOrderSaga the route exists only in stages that have the order saga and its
     *                       inventory database (Aurora); a stage without them does not expose it
     */
    public record Route(String method, String pathTemplate, boolean needsOrderSaga) {

        public Route {
            if (!method.equals(method.toUpperCase(Locale.ROOT)) || method.isBlank()) {
                throw new IllegalArgumentException("method must be upper case: " + method);
            }
            if (!pathTemplate.startsWith("/")) {
                throw new IllegalArgumentException("path template must start with /: " + pathTemplate);
            }
        }

        /** API Gateway's route key, e.g. {@code "POST /orders"}. */
        public String routeKey() {
            return method + " " + pathTemplate;
        }

        // written out: a record's generated equals and hashCode are linked at their first call
        // (java.lang.runtime.ObjectMethods), which cost the API's construction ~20 ms of CPU for the catalog checks

        @Override
        public boolean equals(Object o) {
            return o instanceof Route r && needsOrderSaga == r.needsOrderSaga && method.equals(r.method)
                    && pathTemplate.equals(r.pathTemplate);
        }

        @Override
        public int hashCode() {
            return (method.hashCode() * 31 + pathTemplate.hashCode()) * 31 + Boolean.hashCode(needsOrderSaga);
        }
    }

    /** API Gateway's method for "every method without a route of its own" on a path. */
    public static final String ANY = "ANY";

    public static final Route CREATE_ORDER = saga("POST", "/orders");
    public static final Route LIST_ORDERS = saga("GET", "/orders");
    public static final Route GET_ORDER = saga("GET", "/orders/{id}");

    public static final Route CREATE_USER = always("POST", "/users");
    public static final Route GET_USER = always("GET", "/users/{id}");

    public static final Route OPEN_ACCOUNT = always("POST", "/accounts");
    public static final Route GET_ACCOUNT = always("GET", "/accounts/{id}");
    public static final Route LIST_ACCOUNT_EVENTS = always("GET", "/accounts/{id}/events");
    public static final Route DEPOSIT = always("POST", "/accounts/{id}/deposits");
    public static final Route WITHDRAW = always("POST", "/accounts/{id}/withdrawals");
    public static final Route CLOSE_ACCOUNT = always("POST", "/accounts/{id}/close");

    public static final Route CREATE_CATEGORY = always("POST", "/forum/categories");
    public static final Route LIST_CATEGORIES = always("GET", "/forum/categories");
    public static final Route CREATE_TOPIC = always("POST", "/forum/categories/{categoryId}/topics");
    public static final Route LIST_TOPICS = always("GET", "/forum/categories/{categoryId}/topics");
    public static final Route ADD_POST = always("POST", "/forum/categories/{categoryId}/topics/{topicId}/posts");
    public static final Route LIST_POSTS = always("GET", "/forum/categories/{categoryId}/topics/{topicId}/posts");

    // inventory lives in the saga's PostgreSQL database
    public static final Route SET_STOCK = saga("PUT", "/inventory/{sku}");
    public static final Route GET_STOCK = saga("GET", "/inventory/{sku}");

    private static final List<Route> ALL = List.of(
            CREATE_ORDER, LIST_ORDERS, GET_ORDER,
            CREATE_USER, GET_USER,
            OPEN_ACCOUNT, GET_ACCOUNT, LIST_ACCOUNT_EVENTS, DEPOSIT, WITHDRAW, CLOSE_ACCOUNT,
            CREATE_CATEGORY, LIST_CATEGORIES, CREATE_TOPIC, LIST_TOPICS, ADD_POST, LIST_POSTS,
            SET_STOCK, GET_STOCK);

    private HttpApiRoutes() {
    }

    /** Every route, in a stable order. */
    public static List<Route> all() {
        return ALL;
    }

    /** The routes a stage exposes: without the order saga, the order and inventory routes are absent. */
    public static List<Route> forStage(boolean orderSagaEnabled) {
        return ALL.stream().filter(r -> orderSagaEnabled || !r.needsOrderSaga()).toList();
    }

    /** Every route key ({@code "METHOD /path/{param}"}), in the order of {@link #all()}. */
    public static List<String> routeKeys() {
        return ALL.stream().map(Route::routeKey).toList();
    }

    /**
     * The routes the API Gateway of a stage has: the stage's routes, then one {@code ANY} route per path they
     * use. API Gateway matches a method's own route first and {@code ANY} only for methods the path has no
     * route for ("Create routes for HTTP APIs in API Gateway", API Gateway Developer Guide), so a request
     * with another method reaches the handler, which answers 405 with {@code Allow} and a JSON body, instead
     * of the gateway's bare {@code {"message":"Not Found"}}.
     */
    public static List<Route> gatewayRoutes(boolean orderSagaEnabled) {
        List<Route> routes = forStage(orderSagaEnabled);
        java.util.Map<String, Route> fallbacks = new java.util.LinkedHashMap<>();
        for (Route route : routes) {
            fallbacks.putIfAbsent(route.pathTemplate(), new Route(ANY, route.pathTemplate(), route.needsOrderSaga()));
        }
        List<Route> all = new java.util.ArrayList<>(routes);
        all.addAll(fallbacks.values());
        return List.copyOf(all);
    }

    /** The route keys of {@link #gatewayRoutes} for a stage with every route (the local twin's gateway). */
    public static List<String> gatewayRouteKeys() {
        return gatewayRoutes(true).stream().map(Route::routeKey).toList();
    }

    private static Route saga(String method, String path) {
        return new Route(method, path, true);
    }

    private static Route always(String method, String path) {
        return new Route(method, path, false);
    }
}
