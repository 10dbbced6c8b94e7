package dev.sagastack.systemtest.twin;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.sagastack.systemtest.twin.TwinClient.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each path of the order saga, end to end through the twin's HTTP API (the jar as a newcomer runs it):
 * success, each business compensation, and technical faults injected into the hosted functions.
 */
class TwinSagaPathsTest {

    private static final Duration SAGA = Duration.ofSeconds(90);
    @AutoClose
    private static TwinProcess twin;
    private static TwinClient client;

    @BeforeAll
    static void start() throws Exception {
        twin = TwinProcess.start("saga-paths", "--allow-faults", "--lambda-timeout", "3");
        client = new TwinClient(twin.api());
    }

    @AfterEach
    void clearFaults() {
        client.clearFaults();
    }

    /** A customer with money and a product with stock. */
    private record Shop(String userId, String accountId, String sku, long deposit, long stock) {
    }

    private static Shop shop(long deposit, long stock) {
        String user = client.user("customer");
        return new Shop(user, client.account(user, deposit), client.stock("widget", stock), deposit, stock);
    }

    private static JsonNode orderAndWait(Shop shop, int quantity, long unitPrice) throws InterruptedException {
        TwinClient.Response created = client.order(shop.userId(), shop.accountId(), List.of(line(shop.sku(), quantity, unitPrice)));
        assertThat(created.status()).isEqualTo(202);
        assertThat(created.body().get("status").asText()).isEqualTo("PENDING");
        return client.awaitTerminal(created.body().get("orderId").asText(), SAGA);
    }

    private static void assertStockAndMoney(Shop shop, long reserved, long charged) {
        JsonNode inventory = client.inventory(shop.sku());
        assertThat(inventory.get("reserved").asLong()).as("reserved units").isEqualTo(reserved);
        assertThat(inventory.get("available").asLong()).as("available units").isEqualTo(shop.stock() - reserved);
        assertThat(client.account(shop.accountId()).get("balance").asLong()).as("balance").isEqualTo(shop.deposit() - charged);
    }

    /** The compensation states in the order the execution entered them. */
    private static List<String> compensationsRun(JsonNode order) {
        JsonNode view = client.execution(order.get("executionArn").asText());
        List<String> compensationStates = new ArrayList<>();
        view.get("states").forEach(s -> {
            if (s.get("compensation").asBoolean() && s.get("type").asText().equals("Task")) {
                compensationStates.add(s.get("name").asText());
            }
        });
        List<String> entered = new ArrayList<>();
        view.get("history").forEach(e -> {
            if (e.get("type").asText().endsWith("StateEntered")) {
                String name = e.get("details").get("name").asText();
                if (compensationStates.contains(name)) {
                    entered.add(name);
                }
            }
        });
        return entered;
    }

    @Test
    void anOrderWithStockAndFundsIsConfirmedChargingAndReservingExactlyItsLines() throws Exception {
        Shop shop = shop(10_000, 5);

        JsonNode order = orderAndWait(shop, 2, 1_250);

        assertThat(order.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(order.get("total").asLong()).isEqualTo(2_500);
        assertStockAndMoney(shop, 2, 2_500);
        JsonNode execution = client.execution(order.get("executionArn").asText()).get("execution");
        assertThat(execution.get("status").asText()).isEqualTo("SUCCEEDED");
        // the step's structured log line names the service, the function and the order, as in AWS
        String orderId = order.get("orderId").asText();
        assertThat(java.nio.file.Files.readAllLines(twin.log())).filteredOn(l -> l.contains("\"ConfirmOrder done\"")
                && l.contains(orderId)).singleElement().satisfies(line -> assertThat(line)
                .contains("\"service\":\"sagastack\"", "\"function_name\":\"Sagastack-dev-Stateless-OrderSagaConfirmOrder",
                        "\"executionArn\":\"" + execution.get("executionArn").asText() + "\""));
        // the twin counts each function's AWS calls (GET /_local/metrics) though they use no SDK client
        List<String> calls = new ArrayList<>();
        client.metrics().get("sdkCallsByFunction").fieldNames().forEachRemaining(calls::add);
        assertThat(calls).anyMatch(c -> c.contains("OrderSagaConfirmOrder") && c.endsWith(" DynamoDb.UpdateItem"))
                .anyMatch(c -> c.endsWith(" Sfn.StartExecution"));
    }

    @Test
    void anOrderShortOfStockIsCancelledWithNothingReservedOrCharged() throws Exception {
        Shop shop = shop(10_000, 1);

        JsonNode order = orderAndWait(shop, 3, 100);

        assertThat(order.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(order.get("failure").toString()).contains("InsufficientStock");
        assertStockAndMoney(shop, 0, 0);
        JsonNode execution = client.execution(order.get("executionArn").asText()).get("execution");
        assertThat(execution.get("status").asText()).isEqualTo("FAILED");
        assertThat(execution.get("error").asText()).isEqualTo("InsufficientStock");
    }

    @Test
    void anOrderShortOfFundsIsCancelledAndItsReservationReleased() throws Exception {
        Shop shop = shop(1_000, 10);

        JsonNode order = orderAndWait(shop, 1, 5_000);

        assertThat(order.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(order.get("failure").toString()).contains("InsufficientFunds");
        assertStockAndMoney(shop, 0, 0);
        assertThat(compensationsRun(order)).containsExactly("RefundPayment", "ReleaseInventory", "MarkOrderCancelled");
    }

    @Test
    void aRejectedShipmentIsUndoneInReverseOrderRefundingAndReleasing() throws Exception {
        Shop shop = shop(10_000, 10);
        client.arm("CreateShipment", "error", 1, "dev.sagastack.saga.ShipmentRejected");

        JsonNode order = orderAndWait(shop, 2, 700);

        assertThat(order.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(order.get("failure").toString()).contains("ShipmentRejected");
        assertStockAndMoney(shop, 0, 0);
        assertThat(compensationsRun(order)).containsExactly("CancelShipment", "RefundPayment", "ReleaseInventory",
                "MarkOrderCancelled");
    }

    @Test
    void aPaymentWhoseRuntimeCrashedAfterChargingIsRefundedExactlyOnce() throws Exception {
        Shop shop = shop(10_000, 10);
        client.arm("ProcessPayment", "crash-after-effect", 1, null);

        JsonNode order = orderAndWait(shop, 1, 3_000);

        assertThat(order.get("status").asText()).isEqualTo("CANCELLED");
        assertStockAndMoney(shop, 0, 0);
        JsonNode events = client.get("/accounts/" + shop.accountId() + "/events");
        assertThat(events.toString()).contains("MoneyWithdrawn");
    }

    @Test
    void aReservationThatTimedOutAfterItsEffectIsRetriedAndReservesOnce() throws Exception {
        Shop shop = shop(10_000, 10);
        client.arm("ReserveInventory", "timeout", 1, null);

        JsonNode order = orderAndWait(shop, 3, 100);

        assertThat(order.get("status").asText()).isEqualTo("CONFIRMED");
        assertStockAndMoney(shop, 3, 300);
        JsonNode reserve = stateNamed(client.execution(order.get("executionArn").asText()), "ReserveInventory");
        assertThat(reserve.get("failures").asInt()).isEqualTo(1);
        assertThat(reserve.get("outcome").asText()).isEqualTo("succeeded");
    }

    @Test
    void aConfirmationThatKeepsFailingIsCompensatedBackToTheStart() throws Exception {
        Shop shop = shop(10_000, 10);
        client.arm("ConfirmOrder", "error", 20, null);

        JsonNode order = orderAndWait(shop, 1, 900);

        assertThat(order.get("status").asText()).isEqualTo("CANCELLED");
        assertStockAndMoney(shop, 0, 0);
        assertThat(compensationsRun(order)).endsWith("CancelShipment", "RefundPayment", "ReleaseInventory",
                "MarkOrderCancelled");
    }

    @Test
    void anOperatorCanStopARunningExecutionFromTheConsoleApi() throws Exception {
        Shop shop = shop(10_000, 10);
        client.arm("ReserveInventory", "timeout", 1, null);
        TwinClient.Response created = client.order(shop.userId(), shop.accountId(), List.of(line(shop.sku(), 1, 100)));
        String arn = created.body().get("executionArn").asText();
        String encoded = java.net.URLEncoder.encode(arn, java.nio.charset.StandardCharsets.UTF_8);

        TwinClient.Response stopped = client.send("POST", "/_local/api/executions/" + encoded + "/stop", null);

        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.body().get("status").asText()).isEqualTo("ABORTED");
        JsonNode view = client.execution(arn);
        assertThat(view.get("execution").get("status").asText()).isEqualTo("ABORTED");
        assertThat(view.get("history").toString()).contains("ExecutionAborted");
        TwinClient.Response again = client.send("POST", "/_local/api/executions/" + encoded + "/stop", null);
        assertThat(again.status()).as("stopping a stopped execution changes nothing").isIn(200, 400);
        assertThat(client.execution(arn).get("execution").get("status").asText()).isEqualTo("ABORTED");
    }

    @Test
    void pathsOutsideTheCatalogGetApiGatewaysNotFoundAndOtherMethodsTheHandlers405() {
        // "Create routes for HTTP APIs in API Gateway": no matching route is 404 {"message":"Not Found"}, before any
        // function runs; a path of the catalog with another method matches its ANY route and reaches the handler.
        long before = invocations();

        TwinClient.Response unknownPath = client.send("GET", "/no-such-thing", null);

        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.body().toString()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(invocations()).isEqualTo(before);

        TwinClient.Response unknownMethod = client.send("DELETE", "/orders", null);

        assertThat(unknownMethod.status()).isEqualTo(405);
        assertThat(unknownMethod.body().get("error").asText()).isEqualTo("MethodNotAllowed");
        assertThat(unknownMethod.body().get("message").asText()).contains("DELETE", "GET", "POST");
        assertThat(invocations()).isEqualTo(before + 1);
    }

    private long invocations() {
        return client.metrics().get("functions").findValues("invocations").stream().mapToLong(JsonNode::asLong).sum();
    }

    private static JsonNode stateNamed(JsonNode view, String name) {
        for (JsonNode state : view.get("states")) {
            if (state.get("name").asText().equals(name)) {
                return state;
            }
        }
        throw new AssertionError("no state " + name);
    }
}
