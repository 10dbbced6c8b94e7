package dev.sagastack.local.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.local.twin.cloudformation.ResourceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The twin started in-process on the packaged dev assembly: the template, not a code catalog, wires it. */
class TwinFromAssemblyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Twin twin;
    private static JsonNode stack;

    @BeforeAll
    static void start() throws Exception {
        twin = Twin.start(TwinOptions.parse("--port", "0"), new PrintStream(OutputStream.nullOutputStream()));
        stack = JSON.readTree(send("GET", "/_local/api/stack", null).body());
    }

    @AfterAll
    static void stop() {
        if (twin != null) {
            twin.close();
        }
    }

    @Test
    void theStackPageListsEveryResourceWithItsStatusAndTheTablesExistUnderTheirPhysicalNames() {
        assertThat(stack.path("stage").asText()).isEqualTo("dev");
        List<String> tables = new ArrayList<>();
        for (JsonNode s : stack.path("stacks")) {
            for (JsonNode r : s.path("resources")) {
                assertThat(r.path("status").asText()).isIn(ResourceStatus.EMULATED.name(), ResourceStatus.ACKNOWLEDGED.name());
                if (r.path("type").asText().equals("AWS::DynamoDB::Table")) {
                    tables.add(r.path("physicalId").asText());
                }
            }
        }
        assertThat(tables).hasSize(2).allMatch(t -> t.startsWith("Sagastack-dev-Stateful-Tables"));
        assertThat(twin.deployment().count(ResourceStatus.ACKNOWLEDGED)).isPositive();
    }

    @Test
    void eachFunctionGetsExactlyItsTemplateEnvironmentBoundToLocalEndpoints() {
        JsonNode api = function("ApiHttpApiFunction");
        JsonNode env = api.path("environment");
        assertThat(env.path("SINGLE_TABLE_NAME").asText()).startsWith("Sagastack-dev-Stateful-TablesSingleTable");
        assertThat(env.path("ORDER_SAGA_STATE_MACHINE_ARN").asText()).startsWith("arn:aws:states:us-east-1:000000000000:stateMachine:OrderSaga");
        assertThat(env.path("INVENTORY_DB_HOST").asText()).isEqualTo("127.0.0.1");
        // the database is reached through the proxy's local front, with the template's IAM authentication
        assertThat("127.0.0.1:" + env.path("INVENTORY_DB_PORT").asText()).isEqualTo(twin.databaseProxyEndpoint().orElseThrow());
        assertThat(env.path("INVENTORY_DB_AUTH").asText()).isEqualTo("iam");
        assertThat(env.has("INVENTORY_DB_PASSWORD")).isFalse();
        // the dev cluster is TLS: its discovery URL is bound to the local node's daxs:// port
        assertThat(env.path("DAX_ENDPOINT").asText()).startsWith("daxs://127.0.0.1:")
                .isEqualTo(twin.daxEndpoints().get(1).toString());
        assertThat(env.path("CURSOR_KEY_PARAMETER").asText()).startsWith("/aws/reference/secretsmanager/CursorSigningKey");
        assertThat(api.path("reservedConcurrency").asInt()).isEqualTo(10);

        JsonNode reserve = function("OrderSagaReserveInventory").path("environment");
        assertThat(reserve.has("SINGLE_TABLE_NAME")).isFalse();
        assertThat(reserve.has("EVENT_STORE_TABLE_NAME")).isFalse();
        assertThat(reserve.path("AWS_LAMBDA_FUNCTION_NAME").asText()).contains("OrderSagaReserveInventory");
    }

    @Test
    void theApiServesTheTemplatesRoutesWithTheFunctionsReadingTheirParametersAndTheMigratedSchema() throws Exception {
        HttpResponse<String> user = send("POST", "/users", "{\"email\":\"ada-" + UUID.randomUUID()
                + "@example.com\",\"displayName\":\"Ada\"}");
        assertThat(user.statusCode()).isEqualTo(201);
        // a forum page's cursor is signed with the key the function reads through SSM from the stage's secret
        assertThat(send("GET", "/forum/categories", null).statusCode()).isEqualTo(200);
        // the schema migration custom resource ran: the inventory table exists
        assertThat(send("PUT", "/inventory/sku-" + UUID.randomUUID(), "{\"available\":5}").statusCode()).isIn(200, 201);
        assertThat(send("GET", "/no-such-route", null).statusCode()).isEqualTo(404);
        HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/forum/categories"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(stack.path("routes")).anySatisfy(r -> {
            assertThat(r.path("routeKey").asText()).isEqualTo("POST /orders");
            assertThat(r.path("authorizationType").asText()).isEqualTo("AWS_IAM");
        });
        assertThat(stack.path("mappings")).singleElement().satisfies(m -> {
            assertThat(m.path("maximumBatchingWindowSeconds").asInt()).isEqualTo(1);
            assertThat(m.path("reportBatchItemFailures").asBoolean()).isTrue();
        });
    }

    @Test
    void theUserReadPathRunsThroughTheLocalDaxNodeAndItsItemCache() throws Exception {
        HttpResponse<String> created = send("POST", "/users", "{\"email\":\"dax-" + UUID.randomUUID()
                + "@example.com\",\"displayName\":\"Dax\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).path("userId").asText();
        JsonNode before = JSON.readTree(send("GET", "/_local/api/dax", null).body());
        assertThat(send("GET", "/users/" + id, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/users/" + id, null).statusCode()).isEqualTo(200);
        JsonNode after = JSON.readTree(send("GET", "/_local/api/dax", null).body());
        String table = env("ApiHttpApiFunction", "SINGLE_TABLE_NAME");
        // the first read misses and fills the item cache, the second is served from it
        assertThat(after.path("tables").path(table).path("misses").asLong()
                - before.path("tables").path(table).path("misses").asLong()).isEqualTo(1);
        assertThat(after.path("tables").path(table).path("hits").asLong()
                - before.path("tables").path(table).path("hits").asLong()).isEqualTo(1);
        assertThat(after.path("clusters")).singleElement().satisfies(c ->
                assertThat(c.path("localEndpoint").asText()).startsWith("daxs://127.0.0.1:"));
        assertThat(stack.path("stacks").findValues("resources").stream().flatMap(r -> r.findParents("type").stream())
                .filter(r -> r.path("type").asText().equals("AWS::DAX::Cluster")))
                .singleElement().satisfies(r -> assertThat(r.path("status").asText()).isEqualTo("EMULATED"));
    }

    private static String env(String logicalPrefix, String variable) {
        return function(logicalPrefix).path("environment").path(variable).asText();
    }

    private static JsonNode function(String logicalPrefix) {
        for (JsonNode f : stack.path("functions")) {
            if (f.path("logicalId").asText().startsWith(logicalPrefix)) {
                return f;
            }
        }
        throw new AssertionError("no function " + logicalPrefix);
    }

    /** Signed as the administrator: the template's routes are AWS_IAM-authorized. */
    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = twin.administratorSigner().request(method, URI.create(twin.apiUrl() + path),
                Map.of("content-type", "application/json"),
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
