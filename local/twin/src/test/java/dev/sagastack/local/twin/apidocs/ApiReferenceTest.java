package dev.sagastack.local.twin.apidocs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.api.openapi.OpenApiDocument;
import dev.sagastack.local.twin.gateway.HttpApiEvents;
import dev.sagastack.local.twin.gateway.HttpApiGateway;
import dev.sagastack.local.twin.gateway.RouteAuthorization;
import dev.sagastack.local.twin.gateway.RouteTable;
import dev.sagastack.local.twin.http.TwinHttpServer;
import dev.sagastack.local.twin.lambda.FunctionDefinition;
import dev.sagastack.local.twin.lambda.LambdaHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /openapi.json} and {@code /docs} on the twin's HTTP server, beside the API the gateway serves. */
class ApiReferenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
    /** Swagger UI's block of one operation: {@code id="operations-<tag>-<operationId>" class="opblock opblock-get"}
     *  followed by the path's {@code data-path}. */
    private static final Pattern RENDERED_OPERATION = Pattern.compile(
            "class=\"opblock opblock-(\\w+)[^\"]*\".*?data-path=\"([^\"]+)\"", Pattern.DOTALL);

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger apiCalls = new AtomicInteger();
    private LambdaHost lambdas;
    private TwinHttpServer server;

    /** Stands in for the API's function: counts what reaches it. */
    private final class CountingApi implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            input.readAllBytes();
            apiCalls.incrementAndGet();
            output.write("{\"statusCode\":200,\"headers\":{\"content-type\":\"application/json\"},\"body\":\"{}\"}"
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    @BeforeEach
    void start() {
        lambdas = new LambdaHost(List.of(new FunctionDefinition("HttpApi", env -> new CountingApi(),
                Duration.ofSeconds(5), 1024, Map.of())), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        List<String> routes = List.of("GET /orders/{id}", "ANY /orders/{id}", "GET /docsearch");
        HttpApiGateway gateway = new HttpApiGateway(new RouteTable(routes), RouteAuthorization.none(routes), new HttpApiEvents("000000000000", "twinapi001", "us-east-1"), lambdas, "HttpApi",
                Clock.systemUTC());
        server = TwinHttpServer.start("127.0.0.1", 0, gateway, List.of(new ApiReference(OpenApiDocument.forStage(true))));
    }

    @AfterEach
    void stop() {
        server.close();
        lambdas.close();
    }

    @Test
    void servesTheOpenApiDocumentAsJson() throws Exception {
        HttpResponse<String> response = get("/openapi.json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode document = JSON.readTree(response.body());
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document).isEqualTo(JSON.readTree(OpenApiDocument.forStage(true)));
        assertThat(apiCalls).hasValue(0);
    }

    @Test
    void docsIsSwaggerUiOnTheTwinsDocumentWithEveryAssetFromTheTwin() throws Exception {
        HttpResponse<String> page = get("/docs");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("content-security-policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").contains("connect-src 'self'"));
        assertThat(get("/docs/").statusCode()).isEqualTo(200);

        List<String> assets = new ArrayList<>();
        Matcher matcher = ASSET.matcher(page.body());
        while (matcher.find()) {
            assets.add(matcher.group(1));
        }
        assertThat(assets).as("offline: every asset is the twin's own").isNotEmpty()
                .allMatch(a -> a.startsWith("/docs/"))
                .contains("/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css", "/docs/sagastack-docs.js");
        for (String asset : assets) {
            HttpResponse<byte[]> response = http.send(request(asset).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            assertThat(response.body()).as(asset).isNotEmpty();
            String type = response.headers().firstValue("content-type").orElse("");
            String expected = asset.endsWith(".js") ? "text/javascript" : asset.endsWith(".css") ? "text/css" : "image/png";
            assertThat(type).as(asset).startsWith(expected);
        }
        String bundle = get("/docs/swagger-ui-bundle.js").body();
        assertThat(bundle).as("the Swagger UI bundle of the webjar").contains("SwaggerUIBundle").hasSizeGreaterThan(1_000_000);
        String initializer = get("/docs/sagastack-docs.js").body();
        assertThat(initializer).contains("url: \"/openapi.json\"").contains("validatorUrl: null")
                .doesNotContain("http://").doesNotContain("https://");
        assertThat(apiCalls).hasValue(0);
    }

    /**
     * Swagger UI really runs on the page, under its Content-Security-Policy: Debian's headless Chromium (the one the
     * console's browser test uses) renders one block per documented operation.
     */
    @Test
    void docsRendersEveryDocumentedOperationInAHeadlessBrowser() throws Exception {
        Process chromium = new ProcessBuilder(System.getProperty("sagastack.chromium", "/usr/bin/chromium"),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--virtual-time-budget=20000",
                "--dump-dom", "http://127.0.0.1:" + server.port() + "/docs")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(chromium.waitFor(120, TimeUnit.SECONDS)).isTrue();

        List<String> rendered = new ArrayList<>();
        Matcher operation = RENDERED_OPERATION.matcher(dom);
        while (operation.find()) {
            rendered.add(operation.group(1).toUpperCase(Locale.ROOT) + " " + operation.group(2));
        }
        List<String> documented = new ArrayList<>();
        JSON.readTree(OpenApiDocument.forStage(true)).path("paths").properties().forEach(path ->
                path.getValue().fieldNames().forEachRemaining(method ->
                        documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        assertThat(rendered).as(dom.length() > 2000 ? dom.substring(0, 2000) : dom)
                .containsExactlyInAnyOrderElementsOf(documented);
        assertThat(dom).contains(OpenApiDocument.TITLE).doesNotContain("Failed to load API definition");
    }

    @Test
    void onlyTheListedFilesAreServedAndOtherPathsStillReachTheApi() throws Exception {
        assertThat(get("/docs/oauth2-redirect.html").statusCode()).isEqualTo(404);
        assertThat(get("/docs/..%2F..%2FMETA-INF%2FMANIFEST.MF").statusCode()).isEqualTo(404);
        assertThat(get("/docs/swagger-initializer.js").statusCode()).as("the webjar's petstore initializer").isEqualTo(404);

        assertThat(get("/orders/o-1").statusCode()).isEqualTo(200);
        assertThat(get("/docsearch").statusCode()).as("a path that only starts like /docs").isEqualTo(200);
        assertThat(apiCalls).hasValue(2);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }
}
