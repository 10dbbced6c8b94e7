package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.config.AppContext;
import dev.sagastack.dynamo.DataTables;
import dev.sagastack.dynamo.LocalDynamoDb;
import dev.sagastack.handlers.api.HttpApiHandler;
import dev.sagastack.handlers.saga.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP API function of a stage without Aurora (so without the order saga and the inventory
 * database), built from exactly the variables that stage gives it: the routes it has work, the ones
 * it has not answer 404 with the API's error body, never 5xx.
 */
class OptionalCapabilitiesTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpApiHandler cheapestStage(DataTables tables) {
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        return new HttpApiHandler(AppContext.fromEnvironment(Map.of(
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_DYNAMODB", DYNAMO.server().endpoint().toString(),
                "SINGLE_TABLE_NAME", tables.singleTable(),
                "EVENT_STORE_TABLE_NAME", tables.eventStore(),
                "SNAPSHOT_EVERY", "1",
                "CURSOR_KEY", Base64.getEncoder().encodeToString(new byte[32]))));
    }

    @Test
    void withoutSagaAndInventoryUsersAccountsAndForumWorkAndOrdersAndInventoryAre404() throws Exception {
        HttpApiHandler api = cheapestStage(DYNAMO.createTables());

        APIGatewayV2HTTPResponse user = call(api, "POST", "/users", "{\"email\":\"ada@example.com\",\"displayName\":\"Ada\"}");
        assertThat(user.getStatusCode()).isEqualTo(201);
        String userId = JSON.readTree(user.getBody()).get("userId").asText();
        assertThat(call(api, "POST", "/accounts", "{\"ownerId\":\"" + userId + "\",\"currency\":\"EUR\",\"commandId\":\"o\"}")
                .getStatusCode()).isEqualTo(201);
        assertThat(call(api, "POST", "/forum/categories", "{\"categoryId\":\"general\",\"name\":\"General\"}").getStatusCode()).isEqualTo(201);
        assertThat(call(api, "GET", "/forum/categories", null).getStatusCode()).isEqualTo(200);

        for (String[] route : new String[][] {{"POST", "/orders"}, {"GET", "/orders/o-1"}, {"GET", "/orders"},
                {"GET", "/inventory/SKU-1"}, {"PUT", "/inventory/SKU-1"}}) {
            APIGatewayV2HTTPResponse response = call(api, route[0], route[1], route[0].equals("GET") ? null : "{}");
            JsonNode body = JSON.readTree(response.getBody());
            assertThat(response.getStatusCode()).as(route[0] + " " + route[1]).isEqualTo(404);
            assertThat(body.get("error").asText()).isEqualTo("NotFound");
            assertThat(body.get("message").asText()).contains("does not exist in this stage");
            assertThat(body.has("field")).isTrue();
        }
        assertThat(api.routes()).isEqualTo(java.util.Set.copyOf(HttpApiRoutes.forStage(false)));
    }

    @Test
    void theLambdaEntryPointReadsTheEventsJsonAndWritesTheResponsesJson() throws Exception {
        HttpApiHandler api = cheapestStage(DYNAMO.createTables());

        JsonNode created = stream(api, "{\"version\":\"2.0\",\"routeKey\":\"POST /users\",\"rawPath\":\"/users\","
                + "\"headers\":{\"content-type\":\"application/json\"},\"requestContext\":{\"http\":{\"method\":\"POST\","
                + "\"path\":\"/users\"},\"authorizer\":{\"iam\":{\"accountId\":\"123456789012\"}}},"
                + "\"body\":\"" + Base64.getEncoder().encodeToString("{\"email\":\"bo@example.com\",\"displayName\":\"Bo\"}".getBytes())
                + "\",\"isBase64Encoded\":true}");
        assertThat(created.get("statusCode").asInt()).isEqualTo(201);
        String userId = JSON.readTree(created.get("body").asText()).get("userId").asText();

        JsonNode read = stream(api, "{\"version\":\"2.0\",\"rawPath\":\"/users/" + userId + "\",\"requestContext\":{\"http\":"
                + "{\"method\":\"GET\"}},\"pathParameters\":{\"id\":\"" + userId + "\"},\"isBase64Encoded\":false}");
        assertThat(read.get("statusCode").asInt()).isEqualTo(200);
        assertThat(read.get("headers").get("content-type").asText()).isEqualTo("application/json");
        assertThat(JSON.readTree(read.get("body").asText()).get("displayName").asText()).isEqualTo("Bo");

        JsonNode unreadable = stream(api, "[\"not an event\"]");
        assertThat(unreadable.get("statusCode").asInt()).isEqualTo(400);
        assertThat(JSON.readTree(unreadable.get("body").asText()).get("error").asText()).isEqualTo("BadRequest");
    }

    private static JsonNode stream(HttpApiHandler api, String eventJson) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        api.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out,
                new TestContext("HttpApi"));
        return JSON.readTree(out.toByteArray());
    }

    static APIGatewayV2HTTPResponse call(HttpApiHandler api, String method, String path, String body) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("$default");
        event.setRawPath(path);
        event.setRawQueryString("");
        event.setHeaders(Map.of("content-type", "application/json"));
        event.setBody(body);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        context.setHttp(http);
        context.setRequestId("req-" + System.nanoTime());
        event.setRequestContext(context);
        return api.handleRequest(event, new TestContext("HttpApi"));
    }
}
