package dev.sagastack.local.twin;

import dev.sagastack.local.twin.gateway.RouteTable;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP API's routes, declared once by the application ({@code dev.sagastack.api.HttpApiRoutes.gatewayRouteKeys()},
 * route keys such as {@code "POST /orders"} and {@code "ANY /orders"}), the list infra creates its API Gateway
 * routes from. Read
 * reflectively so that an application without a catalog still runs: everything then goes through a
 * {@code $default} route to the function, which answers unknown paths itself.
 */
final class ApiRoutes {

    static final String SHARED_ROUTES_CLASS = "dev.sagastack.api.HttpApiRoutes";

    private ApiRoutes() {
    }

    static RouteTable routeTable() {
        return new RouteTable(routeKeys());
    }

    static List<String> routeKeys() {
        try {
            Class<?> routes = Class.forName(SHARED_ROUTES_CLASS);
            Method keys = routes.getMethod("gatewayRouteKeys");
            List<String> result = new ArrayList<>();
            for (Object key : (Iterable<?>) keys.invoke(null)) {
                result.add(key.toString());
            }
            return result;
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return List.of(RouteTable.DEFAULT_ROUTE);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the application's routes", e);
        }
    }
}
