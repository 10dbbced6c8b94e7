package dev.sagastack.local.twin;

import dev.sagastack.local.twin.gateway.RouteTable;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP API's routes. They are declared once, by the application: the twin reads
 * {@code dev.sagastack.api.HttpApiRoutes.routeKeys()} (route keys such as {@code "POST /orders"}) when the
 * application has it, and otherwise routes everything through a {@code $default} route to the function,
 * which answers unknown paths itself.
 *
 * <p>TODO(lambdas/infra): infra's {@code ApiRoutes} holds the list today; moving it to lambdas as
 * {@code HttpApiRoutes.routeKeys()} lets infra and the twin share it, and gives unknown routes API
 * Gateway's own {@code 404 {"message":"Not Found"}} locally too.
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
            Method keys = routes.getMethod("routeKeys");
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
