package dev.sagastack.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.api.openapi.OpenApiDocument;
import dev.sagastack.pagination.PageRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document against the real handler: what it says is required is what the handler refuses when
 * missing, its limits are the handler's, and what the handler answers is a documented status with a body of the
 * documented schema.
 */
class OpenApiContractTest {

    private static final String JSON_MEDIA = "/content/application~1json";

    private final ObjectNode document = OpenApiDocument.tree(true);
    private final DocumentedSchemaCheck schemas = new DocumentedSchemaCheck(document);
    private ApiFixture api;

    @BeforeEach
    void setUp() {
        api = new ApiFixture();
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    /** A field of a request body: its name as the handler reports it, and where it sits in the example. */
    private record Field(String name, String parentPointer, String property, boolean required) {
    }

    @Test
    void everyRequiredBodyFieldIsOneTheHandlerRefusesWhenMissingAndNoOptionalOneIs() {
        List<String> checked = new ArrayList<>();
        forEachOperation((method, path, operation) -> {
            if (!operation.has("requestBody")) {
                return;
            }
            JsonNode media = operation.at("/requestBody" + JSON_MEDIA);
            ObjectNode example = (ObjectNode) media.get("example");
            assertThat(schemas.violations(media.get("schema"), example)).as(method + " " + path + " example").isEmpty();
            List<Field> fields = new ArrayList<>();
            collectFields(schemas.resolve(media.get("schema")), example, "", "", fields);
            assertThat(fields).as(method + " " + path).anyMatch(Field::required);
            for (Field field : fields) {
                ObjectNode without = example.deepCopy();
                ((ObjectNode) without.at(field.parentPointer())).remove(field.property());
                ApiFixture.Response response = api.call(method, concrete(path), without.toString());
                String what = method + " " + path + " without " + field.name();
                if (field.required()) {
                    assertThat(response.status()).as(what).isEqualTo(400);
                    assertThat(response.error()).as(what).isEqualTo("ValidationError");
                    assertThat(response.field()).as(what).isEqualTo(field.name());
                } else {
                    assertThat(response.status() == 400 && field.name().equals(response.field())).as(what).isFalse();
                }
                checked.add(what);
            }
        });
        assertThat(checked).as("fields checked").hasSizeGreaterThan(20)
                .contains("POST /orders without items[0].quantity", "POST /accounts without accountId");
    }

    @Test
    void theDocumentedLimitsAreTheHandlers() {
        assertThat(document.at("/components/schemas/NewOrderLine/properties/quantity/maximum").asInt())
                .isEqualTo(OrdersApi.MAX_QUANTITY);
        JsonNode limit = parameter("/forum/categories", "get", "limit");
        assertThat(limit.at("/schema/default").asInt()).isEqualTo(Paging.DEFAULT_LIMIT);
        assertThat(limit.at("/schema/maximum").asInt()).isEqualTo(PageRequest.MAX_LIMIT);
        assertThat(document.at("/components/parameters/Idempotency-Key/name").asText()).isEqualTo(OrdersApi.IDEMPOTENCY_KEY);

        ApiFixture.Response tooMany = api.call("GET", "/forum/categories", null, Map.of(),
                Map.of("limit", Integer.toString(limit.at("/schema/maximum").asInt() + 1)));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.field()).isEqualTo("limit");

        int keyMax = document.at("/components/parameters/Idempotency-Key/schema/maxLength").asInt();
        String order = document.at("/paths/~1orders/post/requestBody" + JSON_MEDIA + "/example").toString();
        ApiFixture.Response longKey = api.call("POST", "/orders", order, Map.of("Idempotency-Key", "k".repeat(keyMax + 1)), Map.of());
        assertThat(longKey.status()).isEqualTo(400);
        assertThat(longKey.field()).isEqualTo("Idempotency-Key");

        ObjectNode tooLargeQuantity = (ObjectNode) document.at("/paths/~1orders/post/requestBody" + JSON_MEDIA + "/example").deepCopy();
        ((ObjectNode) tooLargeQuantity.at("/items/0")).put("quantity", OrdersApi.MAX_QUANTITY + 1);
        assertThat(api.call("POST", "/orders", tooLargeQuantity.toString()).field()).isEqualTo("items[0].quantity");
    }

    @Test
    void whatTheHandlerAnswersIsADocumentedStatusWithADocumentedBody() {
        String userId = documented("POST", "/users", "/users", "{\"email\":\"ada@example.com\",\"displayName\":\"Ada\"}", 201)
                .body().get("userId").asText();
        documented("POST", "/users", "/users", "{\"email\":\"ADA@example.com\",\"displayName\":\"Eve\"}", 409);
        documented("GET", "/users/{id}", "/users/" + userId, null, 200);
        documented("GET", "/users/{id}", "/users/nobody", null, 404);
        documented("GET", "/users/{id}", "/users/bad%20id", null, 400);

        String accountId = documented("POST", "/accounts", "/accounts",
                "{\"ownerId\":\"" + userId + "\",\"currency\":\"EUR\",\"commandId\":\"open-1\"}", 201).body().get("accountId").asText();
        String account = "/accounts/" + accountId;
        documented("POST", "/accounts/{id}/deposits", account + "/deposits", "{\"amount\":5000,\"commandId\":\"d-1\"}", 200);
        documented("POST", "/accounts/{id}/withdrawals", account + "/withdrawals", "{\"amount\":9000,\"commandId\":\"w-1\"}", 409);
        documented("POST", "/accounts/{id}/close", account + "/close", "{\"commandId\":\"c-1\"}", 409);
        documented("POST", "/accounts/{id}/deposits", "/accounts/missing/deposits", "{\"amount\":5,\"commandId\":\"d-2\"}", 404);
        documented("GET", "/accounts/{id}", account, null, 200);
        documented("GET", "/accounts/{id}/events", account + "/events", null, 200);

        documented("POST", "/forum/categories", "/forum/categories", "{\"categoryId\":\"java\",\"name\":\"Java\"}", 201);
        documented("POST", "/forum/categories", "/forum/categories", "{\"categoryId\":\"java\",\"name\":\"Again\"}", 409);
        documented("GET", "/forum/categories", "/forum/categories", null, 200);
        String topicId = documented("POST", "/forum/categories/{categoryId}/topics", "/forum/categories/java/topics",
                "{\"title\":\"Records\",\"authorId\":\"" + userId + "\"}", 201).body().get("topicId").asText();
        String topic = "/forum/categories/java/topics/" + topicId;
        documented("GET", "/forum/categories/{categoryId}/topics", "/forum/categories/java/topics", null, 200);
        documented("POST", "/forum/categories/{categoryId}/topics/{topicId}/posts", topic + "/posts",
                "{\"authorId\":\"" + userId + "\",\"body\":\"Hello\"}", 201);
        documented("GET", "/forum/categories/{categoryId}/topics/{topicId}/posts", topic + "/posts", null, 200);
        documented("POST", "/forum/categories/{categoryId}/topics/{topicId}/posts", "/forum/categories/java/topics/none/posts",
                "{\"authorId\":\"" + userId + "\",\"body\":\"Hello\"}", 404);
        assertThat(documented("GET", "/forum/categories/{categoryId}/topics/{topicId}/posts",
                "/forum/categories/java/topics/none/posts", null, 200).body().get("items")).isEmpty();
        documented("POST", "/forum/categories/{categoryId}/topics", "/forum/categories/none/topics",
                "{\"title\":\"Records\",\"authorId\":\"" + userId + "\"}", 404);

        documented("PUT", "/inventory/{sku}", "/inventory/BOOK-1", "{\"available\":10}", 200);
        documented("GET", "/inventory/{sku}", "/inventory/BOOK-1", null, 200);
        documented("GET", "/inventory/{sku}", "/inventory/NONE", null, 404);

        String order = "{\"userId\":\"" + userId + "\",\"accountId\":\"" + accountId
                + "\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"BOOK-1\",\"quantity\":2,\"unitPrice\":1250}]}";
        ApiFixture.Response accepted = documented("POST", "/orders", "/orders", order, 202, Map.of("Idempotency-Key", "key-1"));
        documented("POST", "/orders", "/orders", order.replace("\"quantity\":2", "\"quantity\":3"), 409,
                Map.of("Idempotency-Key", "key-1"));
        documented("GET", "/orders/{id}", "/orders/" + accepted.body().get("orderId").asText(), null, 200);
        ApiFixture.Response page = api.call("GET", "/orders", null, Map.of(), Map.of("status", "PENDING"));
        assertDocumented("GET", "/orders", page, 200);
        assertThat(page.body().get("items")).hasSize(1);
    }

    @Test
    void anUndocumentedMethodOnADocumentedPathIsTheDocumented405() {
        ApiFixture.Response response = api.call("DELETE", "/users/u-1", null);

        assertThat(response.status()).isEqualTo(405);
        assertThat(document.at("/paths/~1users~1{id}").has("delete")).isFalse();
        JsonNode declared = document.at("/components/responses/MethodNotAllowed");
        assertThat(schemas.violations(declared.at(JSON_MEDIA + "/schema"), response.body())).isEmpty();
        assertThat(response.headers()).containsKey("allow");
    }

    private ApiFixture.Response documented(String method, String template, String path, String body, int expected) {
        return documented(method, template, path, body, expected, Map.of());
    }

    private ApiFixture.Response documented(String method, String template, String path, String body, int expected,
                                           Map<String, String> headers) {
        ApiFixture.Response response = api.call(method, path, body, headers, Map.of());
        assertDocumented(method, template, response, expected);
        return response;
    }

    private void assertDocumented(String method, String template, ApiFixture.Response response, int expected) {
        String what = method + " " + template + " -> " + response.status() + " " + response.body();
        assertThat(response.status()).as(what).isEqualTo(expected);
        JsonNode operation = document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        assertThat(operation.isMissingNode()).as(what).isFalse();
        JsonNode declared = operation.path("responses").path(Integer.toString(response.status()));
        assertThat(declared.isMissingNode()).as(what + ": status not documented").isFalse();
        declared = schemas.resolve(declared);
        assertThat(response.headers().get("content-type")).as(what).isEqualTo("application/json");
        assertThat(schemas.violations(declared.at(JSON_MEDIA + "/schema"), response.body())).as(what).isEmpty();
        if (declared.path("headers").has("Location")) {
            assertThat(response.headers()).as(what).containsKey("location");
        }
    }

    private JsonNode parameter(String path, String method, String name) {
        for (JsonNode p : document.path("paths").path(path).path(method).path("parameters")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError(method + " " + path + " has no parameter " + name);
    }

    /** Every property of the body's schema, and of the first element of each array of objects in the example. */
    private void collectFields(JsonNode schema, JsonNode example, String namePrefix, String pointer, List<Field> fields) {
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            String name = property.getKey();
            fields.add(new Field(namePrefix + name, pointer.isEmpty() ? "" : pointer, name, required.contains(name)));
            JsonNode propertySchema = schemas.resolve(property.getValue());
            if (propertySchema.path("type").asText().equals("array") && example.path(name).path(0).isObject()) {
                collectFields(schemas.resolve(propertySchema.get("items")), example.get(name).get(0),
                        namePrefix + name + "[0].", pointer + "/" + name + "/0", fields);
            }
        }
    }

    /** A documented path with an id in each {@code {parameter}}. */
    private static String concrete(String template) {
        return template.replaceAll("\\{[^}]+}", "P-1");
    }

    private interface OperationAction {
        void accept(String method, String path, JsonNode operation);
    }

    private void forEachOperation(OperationAction action) {
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method ->
                action.accept(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), method.getValue())));
    }
}
