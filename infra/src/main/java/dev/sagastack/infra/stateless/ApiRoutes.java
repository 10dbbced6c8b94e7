package dev.sagastack.infra.stateless;

import software.amazon.awscdk.services.apigatewayv2.HttpMethod;

import java.util.List;

/** The HTTP API's routes, all served by the HttpApi function's alias (payload format 2.0). */
public final class ApiRoutes {

    /** One route; {@code needsOrderSaga} routes exist only in stages with the saga (and its inventory). */
    public record Route(HttpMethod method, String path, boolean needsOrderSaga) {
        public String routeKey() {
            return method.name() + " " + path;
        }
    }

    private static final List<Route> ROUTES = List.of(
            saga(HttpMethod.POST, "/orders"),
            saga(HttpMethod.GET, "/orders"),
            saga(HttpMethod.GET, "/orders/{id}"),
            always(HttpMethod.POST, "/users"),
            always(HttpMethod.GET, "/users/{id}"),
            always(HttpMethod.POST, "/accounts"),
            always(HttpMethod.GET, "/accounts/{id}"),
            always(HttpMethod.GET, "/accounts/{id}/events"),
            always(HttpMethod.POST, "/accounts/{id}/deposits"),
            always(HttpMethod.POST, "/accounts/{id}/withdrawals"),
            always(HttpMethod.POST, "/accounts/{id}/close"),
            always(HttpMethod.POST, "/forum/categories"),
            always(HttpMethod.GET, "/forum/categories"),
            always(HttpMethod.POST, "/forum/categories/{categoryId}/topics"),
            always(HttpMethod.GET, "/forum/categories/{categoryId}/topics"),
            always(HttpMethod.POST, "/forum/topics/{topicId}/posts"),
            always(HttpMethod.GET, "/forum/topics/{topicId}/posts"),
            saga(HttpMethod.PUT, "/inventory/{sku}"),
            saga(HttpMethod.GET, "/inventory/{sku}"));

    private ApiRoutes() {
    }

    public static List<Route> all() {
        return ROUTES;
    }

    public static List<Route> forStage(boolean orderSagaEnabled) {
        return ROUTES.stream().filter(r -> orderSagaEnabled || !r.needsOrderSaga()).toList();
    }

    private static Route saga(HttpMethod method, String path) {
        return new Route(method, path, true);
    }

    private static Route always(HttpMethod method, String path) {
        return new Route(method, path, false);
    }
}
