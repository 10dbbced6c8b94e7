package dev.sagastack.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.api.HttpApiRoutes;
import dev.sagastack.api.HttpApiRoutes.Route;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The document says what the route catalog has, no more and no less, and is valid OpenAPI 3.1. */
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "orderSaga={0}")
    @ValueSource(booleans = {true, false})
    void documentsExactlyTheRoutesOfTheStage(boolean orderSaga) throws Exception {
        JsonNode document = JSON.readTree(OpenApiDocument.forStage(orderSaga));

        Set<String> catalog = HttpApiRoutes.forStage(orderSaga).stream().map(Route::routeKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(operations(document)).isEqualTo(catalog);
    }

    @Test
    void aStageWithoutTheOrderSagaHasNoOrderOrInventoryPaths() throws Exception {
        JsonNode document = JSON.readTree(OpenApiDocument.forStage(false));

        assertThat(operations(document)).isNotEmpty()
                .noneMatch(key -> key.contains(" /orders") || key.contains(" /inventory"));
        assertThat(document.path("components").path("schemas").has("ErrorBody")).isTrue();
        assertThat(operations(JSON.readTree(OpenApiDocument.forStage(true))))
                .contains("POST /orders", "GET /orders/{id}", "PUT /inventory/{sku}");
    }

    @Test
    void everyRouteOfTheCatalogHasDocumentationAndAnUndescribedOneHasNone() {
        assertThat(HttpApiRoutes.all()).allSatisfy(route -> assertThat(RouteDocs.of(route))
                .as(route.routeKey()).isPresent());
        assertThat(RouteDocs.of(new Route("DELETE", "/orders/{id}", true))).isEmpty();
    }

    @Test
    void documentationWhosePathParametersDifferFromTheTemplateIsRefused() {
        Operation getOrder = RouteDocs.of(HttpApiRoutes.GET_ORDER).orElseThrow();
        Route renamed = new Route("GET", "/orders/{orderId}", true);

        assertThatThrownBy(() -> OperationJson.of(renamed, getOrder, OpenApiDocument.pathParameterNames(renamed.pathTemplate())))
                .isInstanceOf(OpenApiDocument.UndocumentedRoute.class)
                .hasMessageContaining("GET /orders/{orderId}").hasMessageContaining("[orderId]");
    }

    @ParameterizedTest(name = "orderSaga={0}")
    @ValueSource(booleans = {true, false})
    void passesTheOpenApiParsersValidationAsVersion31(boolean orderSaga) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(OpenApiDocument.forStage(orderSaga), null, options);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    void aBrokenDocumentIsReportedByTheSameValidation() throws Exception {
        ObjectNode broken = OpenApiDocument.tree(true);
        ((ObjectNode) broken.path("paths").path("/orders").path("post")).remove("responses");
        ((ObjectNode) broken.path("info")).remove("title");

        SwaggerParseResult result = new OpenAPIV3Parser().readContents(JSON.writeValueAsString(broken), null, new ParseOptions());

        assertThat(result.getMessages()).isNotEmpty();
    }

    @Test
    void everyReferenceResolvesWithinTheDocument() {
        ObjectNode document = OpenApiDocument.tree(true);
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);

        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        });
    }

    @Test
    void everyRouteIsSignedWithSigV4AndAnswersErrorsAsErrorBody() {
        ObjectNode document = OpenApiDocument.tree(true);

        assertThat(document.path("security")).hasSize(1);
        assertThat(document.path("security").get(0).has(OpenApiDocument.SECURITY_SCHEME)).isTrue();
        JsonNode scheme = document.at("/components/securitySchemes/" + OpenApiDocument.SECURITY_SCHEME);
        assertThat(scheme.path("type").asText()).isEqualTo("apiKey");
        assertThat(scheme.path("name").asText()).isEqualTo("Authorization");
        assertThat(scheme.path("in").asText()).isEqualTo("header");
        assertThat(scheme.path("x-amazon-apigateway-authtype").asText()).isEqualTo("awsSigv4");

        JsonNode errorBody = document.at("/components/schemas/ErrorBody");
        assertThat(errorBody.path("required")).extracting(JsonNode::asText).containsExactly("error", "message", "field");
        assertThat(errorBody.at("/properties/field/type")).extracting(JsonNode::asText).containsExactly("string", "null");

        forEachOperation(document, (key, operation) -> {
            JsonNode responses = operation.path("responses");
            assertThat(responses.at("/400/$ref").asText()).as(key).isEqualTo("#/components/responses/BadRequest");
            assertThat(responses.has("500") && responses.has("503") && responses.has("403")).as(key).isTrue();
            assertThat(responses.has("413")).as(key).isEqualTo(operation.has("requestBody"));
            responses.properties().forEach(status -> {
                if (status.getKey().startsWith("4") || status.getKey().startsWith("5")) {
                    JsonNode response = status.getValue().has("$ref")
                            ? document.at(status.getValue().path("$ref").asText().substring(1)) : status.getValue();
                    String schemaRef = response.at("/content/application~1json/schema/$ref").asText(
                            response.at("/content/application~1json/schema/allOf/0/$ref").asText());
                    assertThat(schemaRef).as(key + " " + status.getKey()).isIn("#/components/schemas/ErrorBody",
                            "#/components/schemas/GatewayMessage");
                }
            });
        });
    }

    @Test
    void onlyPlacingAnOrderReadsAnIdempotencyKey() {
        ObjectNode document = OpenApiDocument.tree(true);
        List<String> withKey = new ArrayList<>();
        forEachOperation(document, (key, operation) -> operation.path("parameters").forEach(p -> {
            if (p.path("$ref").asText().endsWith("/" + OpenApiDocument.IDEMPOTENCY_KEY)) {
                withKey.add(key);
            }
        }));

        assertThat(withKey).containsExactly("POST /orders");
        JsonNode header = document.at("/components/parameters/Idempotency-Key");
        assertThat(header.path("in").asText()).isEqualTo("header");
        assertThat(header.path("name").asText()).isEqualTo("Idempotency-Key");
    }

    @Test
    void listRoutesDocumentTheirPaginationParameters() {
        ObjectNode document = OpenApiDocument.tree(true);
        forEachOperation(document, (key, operation) -> {
            List<String> query = new ArrayList<>();
            operation.path("parameters").forEach(p -> {
                if (p.path("in").asText().equals("query")) {
                    query.add(p.path("name").asText());
                }
            });
            String schema = operation.at("/responses/200/content/application~1json/schema/$ref").asText();
            assertThat(query.containsAll(List.of("limit", "cursor"))).as(key).isEqualTo(schema.endsWith("Page"));
        });
    }

    private static Set<String> operations(JsonNode document) {
        Set<String> keys = new TreeSet<>();
        forEachOperation(document, (key, operation) -> keys.add(key));
        return keys;
    }

    private static void forEachOperation(JsonNode document, BiConsumer<String, JsonNode> action) {
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            path.getValue().properties().forEach(method ->
                    action.accept(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), method.getValue()));
        }
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
