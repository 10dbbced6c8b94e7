package dev.sagastack.local.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.local.twin.lambda.Fault;
import dev.sagastack.local.twin.lambda.FaultMode;
import dev.sagastack.local.twin.access.ExecuteApiSigner;
import dev.sagastack.local.twin.lambda.LambdaHost;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code --demo}: through the twin's own HTTP API, seeds users, funded accounts and inventory, then runs
 * orders down every saga path one after another: two that succeed, one short of stock, one short of funds,
 * and one whose shipment the carrier rejects (a {@code ShipmentRejected} injected into CreateShipment for
 * that one invocation). Each run uses fresh ids, so it can be repeated on a kept data directory.
 */
final class Demo {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI api;
    private final ExecuteApiSigner signer;
    private final LambdaHost lambdas;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private Demo(URI api, ExecuteApiSigner signer, LambdaHost lambdas, PrintStream out) {
        this.api = api;
        this.signer = signer;
        this.lambdas = lambdas;
        this.out = out;
    }

    /** Result of one demo order. */
    record DemoOrder(String story, String orderId, String status, String executionArn) {
    }

    /** Calls the API as {@code signer}'s principal (the routes are IAM-authorized). */
    static List<DemoOrder> run(URI api, ExecuteApiSigner signer, LambdaHost lambdas, PrintStream out) {
        try {
            return new Demo(api, signer, lambdas, out).seedAndOrder();
        } catch (IOException e) {
            throw new IllegalStateException("demo failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("demo interrupted", e);
        }
    }

    private List<DemoOrder> seedAndOrder() throws IOException, InterruptedException {
        out.println("demo: seeding users, accounts and inventory (run " + run + ")");
        String ada = user("ada", "Ada Lovelace");
        String grace = user("grace", "Grace Hopper");
        String alan = user("alan", "Alan Turing");
        String adaAccount = account(ada, 100_000);
        String graceAccount = account(grace, 50_000);
        String alanAccount = account(alan, 1_000);
        String book = "book-" + run;
        String lamp = "lamp-" + run;
        String vinyl = "rare-vinyl-" + run;
        stock(book, 100);
        stock(lamp, 20);
        stock(vinyl, 1);

        List<DemoOrder> orders = new ArrayList<>();
        orders.add(order("succeeds: Ada buys two books", ada, adaAccount, book, 2, 1_500));
        orders.add(order("succeeds: Grace buys a lamp", grace, graceAccount, lamp, 1, 4_900));
        orders.add(order("compensates, out of stock: Ada wants 3 of the only rare vinyl", ada, adaAccount, vinyl, 3, 9_900));
        orders.add(order("compensates, no funds: Alan cannot pay for a lamp", alan, alanAccount, lamp, 1, 4_900));
        String createShipment = lambdas.resolve("CreateShipment").orElseThrow(() ->
                new IllegalStateException("the stage has no CreateShipment function"));
        lambdas.faults().arm(new Fault(createShipment, FaultMode.ERROR, 1,
                "dev.sagastack.saga.ShipmentRejected", "The carrier rejected the parcel (demo)"));
        orders.add(order("compensates, shipment rejected by the carrier: Grace buys books", grace, graceAccount, book, 3, 1_500));
        for (DemoOrder order : orders) {
            out.printf("demo: %-10s %s  (%s)%n", order.status(), order.story(), order.orderId());
        }
        out.println("demo: open the console to see each saga's path");
        return orders;
    }

    private String user(String name, String displayName) throws IOException, InterruptedException {
        JsonNode user = send("POST", "/users", Map.of("email", name + "+" + run + "@example.com", "displayName", displayName));
        return user.get("userId").asText();
    }

    private String account(String owner, long deposit) throws IOException, InterruptedException {
        String accountId = send("POST", "/accounts", Map.of("ownerId", owner, "currency", "EUR",
                "commandId", "demo-open-" + owner)).get("accountId").asText();
        send("POST", "/accounts/" + accountId + "/deposits", Map.of("amount", deposit, "commandId", "demo-deposit-" + owner));
        return accountId;
    }

    private void stock(String sku, long available) throws IOException, InterruptedException {
        send("PUT", "/inventory/" + sku, Map.of("available", available));
    }

    private DemoOrder order(String story, String userId, String accountId, String sku, int quantity, long unitPrice)
            throws IOException, InterruptedException {
        JsonNode created = send("POST", "/orders", Map.of("userId", userId, "accountId", accountId, "currency", "EUR",
                "items", List.of(Map.of("sku", sku, "quantity", quantity, "unitPrice", unitPrice))));
        String orderId = created.get("orderId").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode order = created;
        while (System.nanoTime() < deadline) {
            order = send("GET", "/orders/" + orderId, null);
            if (!order.path("status").asText().equals("PENDING")) {
                break;
            }
            Thread.sleep(100);
        }
        return new DemoOrder(story, orderId, order.path("status").asText(), created.path("executionArn").asText());
    }

    private JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest request = body == null
                ? signer.request(method, api.resolve(path), Map.of(), new byte[0], Duration.ofSeconds(30))
                : signer.request(method, api.resolve(path), Map.of("content-type", "application/json"),
                        JSON.writeValueAsBytes(body), Duration.ofSeconds(30));
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + path + " -> " + response.statusCode() + " "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return JSON.readTree(response.body());
    }
}
