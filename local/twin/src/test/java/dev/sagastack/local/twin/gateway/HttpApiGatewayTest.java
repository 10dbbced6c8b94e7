package dev.sagastack.local.twin.gateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.local.twin.http.LocalFaultsApi;
import dev.sagastack.local.twin.http.RouteRegistrar;
import dev.sagastack.local.twin.http.TwinHttpServer;
import dev.sagastack.local.twin.lambda.FunctionDefinition;
import dev.sagastack.local.twin.lambda.LambdaHost;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP API emulation against "Create AWS Lambda proxy integrations for HTTP APIs in API Gateway"
 * (payload format version 2.0: request event and response mapping) and "Routes for HTTP APIs" (matching).
 */
class HttpApiGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ROUTES = List.of("POST /orders", "GET /orders/{id}", "GET /orders/summary",
            "GET /files/{path+}", "ANY /echo", "GET /typed/{name}", "GET /broken", "GET /plain");

    private final AtomicReference<JsonNode> lastEvent = new AtomicReference<>();
    private final HttpClient http = HttpClient.newHttpClient();
    @AutoClose
    private LambdaHost lambdas;
    @AutoClose
    private TwinHttpServer server;

    /** Records the raw event; answers per route. */
    private final class RecordingApi implements RequestStreamHandler {
        @Override
        public void handleRequest(java.io.InputStream input, java.io.OutputStream output, Context context)
                throws java.io.IOException {
            JsonNode event = JSON.readTree(input);
            lastEvent.set(event);
            String route = event.get("routeKey").asText();
            String response;
            switch (route) {
                case "GET /broken" -> throw new IllegalStateException("boom");
                case "GET /plain" -> response = "{\"hello\":\"world\"}";
                case "GET /typed/{name}" -> {
                    // Goes through Lambda's own event serializers, as the application's handler will.
                    APIGatewayV2HTTPEvent typed = com.amazonaws.services.lambda.runtime.serialization.events
                            .LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, getClass().getClassLoader())
                            .fromJson(event.toString());
                    APIGatewayV2HTTPResponse reply = APIGatewayV2HTTPResponse.builder().withStatusCode(418)
                            .withHeaders(Map.of("content-type", "text/plain", "x-name", typed.getPathParameters().get("name")))
                            .withCookies(List.of("a=1; Path=/", "b=2"))
                            .withBody(typed.getRequestContext().getHttp().getMethod() + " " + typed.getRawPath())
                            .build();
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers
                            .serializerFor(APIGatewayV2HTTPResponse.class, getClass().getClassLoader()).toJson(reply, out);
                    response = out.toString(StandardCharsets.UTF_8);
                }
                default -> response = "{\"statusCode\":201,\"headers\":{\"content-type\":\"application/json\",\"x-route\":\""
                        + route + "\"},\"body\":\"{\\\"ok\\\":true}\",\"isBase64Encoded\":false}";
            }
            output.write(response.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void start(boolean allowFaults) {
        lambdas = new LambdaHost(List.of(new FunctionDefinition("HttpApi", env -> new RecordingApi(),
                Duration.ofSeconds(5), 1024, Map.of())),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        HttpApiGateway gateway = new HttpApiGateway(new RouteTable(ROUTES), RouteAuthorization.none(ROUTES),
                new HttpApiEvents("000000000000", "twinapi001", "us-east-1"), lambdas, "HttpApi", Clock.systemUTC());
        List<RouteRegistrar> own = allowFaults ? List.of(new LocalFaultsApi(lambdas)) : List.of();
        server = TwinHttpServer.start("127.0.0.1", 0, gateway, own);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery));
    }

    @Test
    void buildsThePayloadVersion2EventAsApiGatewayDoes() throws Exception {
        start(false);

        HttpResponse<String> response = send(request("/orders?b=2&a=x%20y&b=3")
                .header("Content-Type", "application/json")
                .header("X-Multi", "one").header("X-Multi", "two")
                .header("Cookie", "session=abc; theme=dark")
                .header("User-Agent", "twin-test")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u1\"}")));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode event = lastEvent.get();
        assertThat(event.get("version").asText()).isEqualTo("2.0");
        assertThat(event.get("routeKey").asText()).isEqualTo("POST /orders");
        assertThat(event.get("rawPath").asText()).isEqualTo("/orders");
        assertThat(event.get("rawQueryString").asText()).isEqualTo("b=2&a=x%20y&b=3");
        assertThat(event.get("queryStringParameters").get("b").asText()).isEqualTo("2,3");
        assertThat(event.get("queryStringParameters").get("a").asText()).isEqualTo("x y");
        assertThat(event.get("headers").get("x-multi").asText()).isEqualTo("one,two");
        assertThat(event.get("headers").get("content-type").asText()).isEqualTo("application/json");
        assertThat(event.get("headers").has("cookie")).isFalse();
        assertThat(event.get("cookies")).extracting(JsonNode::asText).containsExactly("session=abc", "theme=dark");
        assertThat(event.get("body").asText()).isEqualTo("{\"userId\":\"u1\"}");
        assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
        assertThat(event.has("pathParameters")).isFalse();
        JsonNode context = event.get("requestContext");
        assertThat(context.get("accountId").asText()).isEqualTo("000000000000");
        assertThat(context.get("apiId").asText()).isEqualTo("twinapi001");
        assertThat(context.get("stage").asText()).isEqualTo("$default");
        assertThat(context.get("routeKey").asText()).isEqualTo("POST /orders");
        assertThat(context.get("http").get("method").asText()).isEqualTo("POST");
        assertThat(context.get("http").get("path").asText()).isEqualTo("/orders");
        assertThat(context.get("http").get("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(context.get("http").get("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(context.get("http").get("userAgent").asText()).isEqualTo("twin-test");
        assertThat(context.get("time").asText()).matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
        assertThat(context.get("timeEpoch").asLong()).isPositive();
        assertThat(response.headers().firstValue("apigw-requestid")).contains(context.get("requestId").asText());
    }

    @Test
    void aBodyOverTheTenMegabytePayloadQuotaIsRefusedWith413AndNoInvocation() throws Exception {
        // "Amazon API Gateway quotas": an HTTP API payload is at most 10 MB.
        start(false);
        lastEvent.set(null);

        HttpResponse<String> tooLarge = send(request("/orders").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10 * 1024 * 1024 + 1])));

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooLarge.body()).get("message").asText()).isEqualTo("Request Entity Too Large");
        assertThat(lastEvent.get()).isNull();
    }

    @Test
    void matchesPathParametersPreferringLiteralSegmentsAndGreedyVariables() throws Exception {
        start(false);

        send(request("/orders/ord%2D42").GET());
        assertThat(lastEvent.get().get("routeKey").asText()).isEqualTo("GET /orders/{id}");
        assertThat(lastEvent.get().get("pathParameters").get("id").asText()).isEqualTo("ord-42");

        send(request("/orders/summary").GET());
        assertThat(lastEvent.get().get("routeKey").asText()).isEqualTo("GET /orders/summary");

        send(request("/files/a/b/c.txt").GET());
        assertThat(lastEvent.get().get("pathParameters").get("path").asText()).isEqualTo("a/b/c.txt");

        send(request("/echo").method("PATCH", HttpRequest.BodyPublishers.noBody()));
        assertThat(lastEvent.get().get("routeKey").asText()).isEqualTo("ANY /echo");
    }

    @Test
    void anUnmatchedRouteOrMethodGetsApiGatewaysNotFound() throws Exception {
        start(false);

        HttpResponse<String> unknownPath = send(request("/nope").GET());
        HttpResponse<String> wrongMethod = send(request("/orders").DELETE());

        assertThat(unknownPath.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknownPath.body())).isEqualTo(JSON.readTree("{\"message\":\"Not Found\"}"));
        assertThat(wrongMethod.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(wrongMethod.body())).isEqualTo(JSON.readTree("{\"message\":\"Not Found\"}"));
    }

    @Test
    void mapsTheTypedResponseWithHeadersAndCookies() throws Exception {
        start(false);

        HttpResponse<String> response = send(request("/typed/ada").GET());

        assertThat(response.statusCode()).isEqualTo(418);
        assertThat(response.body()).isEqualTo("GET /typed/ada");
        assertThat(response.headers().firstValue("x-name")).contains("ada");
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(response.headers().allValues("set-cookie")).containsExactlyInAnyOrder("a=1; Path=/", "b=2");
    }

    @Test
    void aResponseWithoutStatusCodeIsA200JsonBody() throws Exception {
        start(false);

        HttpResponse<String> response = send(request("/plain").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(JSON.readTree(response.body()).get("hello").asText()).isEqualTo("world");
    }

    @Test
    void aFunctionErrorIsAnInternalServerError() throws Exception {
        start(false);

        HttpResponse<String> response = send(request("/broken").GET());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"message\":\"Internal Server Error\"}"));
    }

    @Test
    void aBinaryBodyIsBase64Encoded() throws Exception {
        start(false);

        send(request("/orders").header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{1, 2, (byte) 255})));

        assertThat(lastEvent.get().get("isBase64Encoded").asBoolean()).isTrue();
        assertThat(lastEvent.get().get("body").asText()).isEqualTo("AQL/");
    }

    @Test
    void theFaultsEndpointDoesNotExistWithoutAllowFaults() throws Exception {
        start(false);

        HttpResponse<String> response = send(request(LocalFaultsApi.PATH)
                .POST(HttpRequest.BodyPublishers.ofString("{\"function\":\"HttpApi\",\"mode\":\"error\",\"times\":1}")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(lambdas.faults().list()).isEmpty();
    }

    @Test
    void theFaultsEndpointArmsValidatesAndClearsFaults() throws Exception {
        start(true);

        HttpResponse<String> badMode = send(request(LocalFaultsApi.PATH)
                .POST(HttpRequest.BodyPublishers.ofString("{\"function\":\"HttpApi\",\"mode\":\"explode\",\"times\":1}")));
        HttpResponse<String> unknownFunction = send(request(LocalFaultsApi.PATH)
                .POST(HttpRequest.BodyPublishers.ofString("{\"function\":\"Nope\",\"mode\":\"error\"}")));
        assertThat(badMode.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badMode.body()).get("field").asText()).isEqualTo("mode");
        assertThat(JSON.readTree(unknownFunction.body()).get("field").asText()).isEqualTo("function");
        assertThat(lambdas.faults().list()).isEmpty();

        HttpResponse<String> armed = send(request(LocalFaultsApi.PATH)
                .POST(HttpRequest.BodyPublishers.ofString("{\"function\":\"HttpApi\",\"mode\":\"error\",\"times\":1}")));
        assertThat(armed.statusCode()).isEqualTo(201);
        assertThat(send(request("/plain").GET()).statusCode()).isEqualTo(500);
        assertThat(send(request("/plain").GET()).statusCode()).isEqualTo(200);

        send(request(LocalFaultsApi.PATH).POST(HttpRequest.BodyPublishers.ofString(
                "{\"function\":\"HttpApi\",\"mode\":\"error\",\"times\":5}")));
        HttpResponse<String> cleared = send(request(LocalFaultsApi.PATH).DELETE());
        assertThat(cleared.statusCode()).isEqualTo(204);
        assertThat(send(request("/plain").GET()).statusCode()).isEqualTo(200);
    }
}
