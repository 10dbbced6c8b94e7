package dev.sagastack.systemtest.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.systemtest.access.ApiSigning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Talks to a running twin only through HTTP: the application's API, the console's JSON and the faults endpoint. */
final class TwinClient {

    static final Set<String> TERMINAL = Set.of("CONFIRMED", "CANCELLED", "NEEDS_ATTENTION");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One HTTP answer. */
    record Response(int status, JsonNode body) {
        JsonNode ok() {
            if (status >= 300) {
                throw new AssertionError("unexpected " + status + ": " + body);
            }
            return body;
        }
    }

    private final URI api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    TwinClient(URI api) {
        this.api = api;
    }

    URI api() {
        return api;
    }

    /** Signed as the administrator (SigV4, execute-api): the API's routes are IAM-authorized. */
    Response send(String method, String path, Object body) {
        try {
            HttpRequest request = body == null
                    ? ApiSigning.request(method, api.resolve(path), Map.of(), new byte[0], Duration.ofSeconds(60))
                    : ApiSigning.request(method, api.resolve(path), Map.of("content-type", "application/json"),
                            JSON.writeValueAsBytes(body), Duration.ofSeconds(60));
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A signed request with a JSON body, for a test that sends it itself. */
    HttpRequest signedRequest(String method, String path, String json) {
        return ApiSigning.request(method, api.resolve(path), Map.of("content-type", "application/json"),
                json.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
    }

    JsonNode get(String path) {
        return send("GET", path, null).ok();
    }

    String user(String name) {
        return send("POST", "/users", Map.of("email", name + "+" + run + "-" + UUID.randomUUID() + "@example.com",
                "displayName", name)).ok().get("userId").asText();
    }

    /** Opens an EUR account for the user and deposits {@code deposit} minor units (when positive). */
    String account(String userId, long deposit) {
        String accountId = send("POST", "/accounts", Map.of("ownerId", userId, "currency", "EUR",
                "commandId", "open-" + UUID.randomUUID())).ok().get("accountId").asText();
        if (deposit > 0) {
            send("POST", "/accounts/" + accountId + "/deposits", Map.of("amount", deposit,
                    "commandId", "deposit-" + UUID.randomUUID())).ok();
        }
        return accountId;
    }

    /** A fresh SKU with this many units available. */
    String stock(String name, long available) {
        String sku = name + "-" + run + "-" + UUID.randomUUID().toString().substring(0, 6);
        send("PUT", "/inventory/" + sku, Map.of("available", available)).ok();
        return sku;
    }

    Response order(String userId, String accountId, List<Map<String, Object>> items) {
        return send("POST", "/orders", Map.of("userId", userId, "accountId", accountId, "currency", "EUR", "items", items));
    }

    static Map<String, Object> line(String sku, int quantity, long unitPrice) {
        return Map.of("sku", sku, "quantity", quantity, "unitPrice", unitPrice);
    }

    /**
     * Polls until the order is CONFIRMED, CANCELLED or NEEDS_ATTENTION and its saga execution has ended
     * (an order can be marked before the last compensations have run).
     */
    JsonNode awaitTerminal(String orderId, Duration timeout) throws InterruptedException {
        Polling.until(timeout, Duration.ofMillis(100), () -> send("GET", "/orders/" + orderId, null),
                response -> response.status() == 200 && ended(response.body()), "order " + orderId + " to end");
        return send("GET", "/orders/" + orderId, null).ok();
    }

    private boolean ended(JsonNode order) {
        return TERMINAL.contains(order.path("status").asText()) && order.hasNonNull("executionArn")
                && !execution(order.get("executionArn").asText()).path("execution").path("status").asText()
                .equals("RUNNING");
    }

    JsonNode inventory(String sku) {
        return get("/inventory/" + sku);
    }

    JsonNode account(String accountId) {
        return get("/accounts/" + accountId);
    }

    JsonNode execution(String executionArn) {
        return get("/_local/api/executions/" + URLEncoder.encode(executionArn, StandardCharsets.UTF_8));
    }

    JsonNode accountSummaries() {
        return get("/_local/api/account-summaries");
    }

    JsonNode metrics() {
        return get("/_local/metrics");
    }

    void arm(String function, String mode, int times, String errorType) {
        Map<String, Object> body = errorType == null
                ? Map.of("function", function, "mode", mode, "times", times)
                : Map.of("function", function, "mode", mode, "times", times, "errorType", errorType);
        Response response = send("POST", "/_local/faults", body);
        if (response.status() != 201) {
            throw new AssertionError("arming a fault failed: " + response);
        }
    }

    void clearFaults() {
        send("DELETE", "/_local/faults", null);
    }
}
