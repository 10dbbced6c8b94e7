package dev.sagastack.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The route catalog is what the handler dispatches: nothing more, nothing less. */
class HttpApiRoutesTest {

    private static ApiFixture api;

    @BeforeAll
    static void setUp() {
        api = new ApiFixture();
    }

    @AfterAll
    static void tearDown() {
        api.close();
    }

    @Test
    void theHandlerHasAnActionForExactlyTheCatalogsRoutes() {
        assertThat(api.handler.routes()).isEqualTo(Set.copyOf(HttpApiRoutes.all()));
    }

    @Test
    void everyCatalogRouteReachesItsActionThroughTheHandler() {
        for (HttpApiRoutes.Route route : HttpApiRoutes.all()) {
            String path = route.pathTemplate().replaceAll("\\{[^}]+}", "probe-1");
            ApiFixture.Response response = api.call(route.method(), path,
                    route.method().equals("GET") ? null : "{}", Map.of(), Map.of());
            assertThat(response.status()).as(route.routeKey()).isNotEqualTo(405);
            assertThat(response.body().path("message").asText()).as(route.routeKey()).doesNotStartWith("no route for");
        }
    }

    @Test
    void aPathOutsideTheCatalogIs404AndAnotherMethodOnACatalogPathIs405() {
        ApiFixture.Response unknown = api.call("GET", "/orders/o-1/secrets", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("message").asText()).startsWith("no route for");
        ApiFixture.Response wrongMethod = api.call("DELETE", "/accounts/a-1", null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.headers()).containsEntry("allow", "GET");
    }

    @Test
    void routeKeysAreUniqueAndSpelledAsApiGatewayRouteKeys() {
        assertThat(new HashSet<>(HttpApiRoutes.routeKeys())).hasSameSizeAs(HttpApiRoutes.routeKeys());
        assertThat(HttpApiRoutes.routeKeys()).contains("POST /orders", "GET /orders/{id}",
                "GET /accounts/{id}/events", "GET /forum/categories/{categoryId}/topics/{topicId}/posts");
        assertThat(HttpApiRoutes.routeKeys()).allMatch(k -> k.matches("(GET|POST|PUT|DELETE|PATCH) /[A-Za-z0-9/{}]*"));
    }

    @Test
    void theGatewayAddsOneAnyRoutePerPathSoOtherMethodsReachTheHandler() {
        for (boolean saga : new boolean[]{true, false}) {
            List<HttpApiRoutes.Route> routes = HttpApiRoutes.forStage(saga);
            List<HttpApiRoutes.Route> gateway = HttpApiRoutes.gatewayRoutes(saga);
            Set<String> paths = routes.stream().map(HttpApiRoutes.Route::pathTemplate).collect(Collectors.toSet());

            assertThat(gateway).startsWith(routes.toArray(HttpApiRoutes.Route[]::new));
            assertThat(gateway.subList(routes.size(), gateway.size()))
                    .allMatch(r -> r.method().equals(HttpApiRoutes.ANY))
                    .extracting(HttpApiRoutes.Route::pathTemplate).containsExactlyInAnyOrderElementsOf(paths);
        }
        assertThat(HttpApiRoutes.gatewayRouteKeys()).contains("GET /orders/{id}", "ANY /orders/{id}", "ANY /orders")
                .doesNotHaveDuplicates();
    }

    @Test
    void aStageWithoutTheSagaDropsExactlyTheOrderAndInventoryRoutes() {
        assertThat(HttpApiRoutes.forStage(true)).isEqualTo(HttpApiRoutes.all());
        assertThat(HttpApiRoutes.all()).filteredOn(HttpApiRoutes.Route::needsOrderSaga)
                .allMatch(r -> r.pathTemplate().startsWith("/orders") || r.pathTemplate().startsWith("/inventory"))
                .hasSize(5);
        assertThat(HttpApiRoutes.forStage(false)).noneMatch(HttpApiRoutes.Route::needsOrderSaga)
                .hasSize(HttpApiRoutes.all().size() - 5);
    }

    @Test
    void theRouterRefusesRoutesOutsideTheCatalogAndMissingActions() {
        Router router = new Router();
        assertThatThrownBy(() -> router.add(new HttpApiRoutes.Route("GET", "/debug", false), r -> null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("GET /debug");
        router.add(HttpApiRoutes.GET_USER, r -> null);
        assertThatThrownBy(() -> router.add(HttpApiRoutes.GET_USER, r -> null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> router.requireEvery(HttpApiRoutes.all()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("POST /orders");
    }
}
