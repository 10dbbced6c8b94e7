package dev.sagastack.systemtest.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.sagastack.systemtest.twin.TwinClient.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template, not a code catalog, drives the twin: the dev assembly is copied and edited as a platform team
 * might get it wrong — the CreateShipment function loses SINGLE_TABLE_NAME, ProcessPayment gets a reserved
 * concurrency of 1 — and the twin behaves as AWS would: the shipment step fails on its missing variable and the
 * saga compensates; concurrent payments are throttled (Lambda.TooManyRequestsException), retried by the ASL's
 * Retry, and the throttles are in the executions' history.
 */
class TwinEditedTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ORDERS = 8;
    @AutoClose
    private static TwinProcess twin;
    private static TwinClient client;

    @BeforeAll
    static void start() throws Exception {
        Path assembly = editedAssembly();
        twin = TwinProcess.start("edited-template", "--cloud-assembly", assembly.toString());
        client = new TwinClient(twin.api());
    }

    @Test
    void aMissingVariableFailsItsStepAndConcurrentPaymentsAreThrottledAndRetried() throws Exception {
        List<String[]> shops = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            String user = client.user("throttled");
            shops.add(new String[] {user, client.account(user, 10_000), client.stock("gadget", 5)});
        }
        ExecutorService callers = Executors.newFixedThreadPool(ORDERS);
        List<Future<TwinClient.Response>> created = new ArrayList<>();
        for (String[] shop : shops) {
            created.add(callers.submit(() -> client.order(shop[0], shop[1], List.of(line(shop[2], 1, 700)))));
        }
        List<JsonNode> orders = new ArrayList<>();
        for (Future<TwinClient.Response> response : created) {
            assertThat(response.get().status()).isEqualTo(202);
            orders.add(client.awaitTerminal(response.get().body().get("orderId").asText(), Duration.ofSeconds(120)));
        }
        callers.shutdown();

        int throttledExecutions = 0;
        for (int i = 0; i < ORDERS; i++) {
            JsonNode order = orders.get(i);
            // CreateShipment cannot run without its table: every order is compensated, nothing kept, money back
            assertThat(order.get("status").asText()).isEqualTo("CANCELLED");
            assertThat(client.inventory(shops.get(i)[2]).get("reserved").asLong()).isZero();
            assertThat(client.account(shops.get(i)[1]).get("balance").asLong()).isEqualTo(10_000);
            String history = client.execution(order.get("executionArn").asText()).get("history").toString();
            if (history.contains("Lambda.TooManyRequestsException")) {
                throttledExecutions++;
            }
        }
        assertThat(throttledExecutions).as("executions whose history shows a throttled payment").isPositive();
        String anyHistory = client.execution(orders.get(0).get("executionArn").asText()).get("history").toString();
        assertThat(anyHistory).contains("SINGLE_TABLE_NAME");
        long throttles = 0;
        for (JsonNode function : client.metrics().get("functions")) {
            if (function.get("function").asText().contains("ProcessPayment")) {
                throttles += function.get("throttles").asLong();
            }
        }
        assertThat(throttles).isPositive();
    }

    /** The packaged dev assembly with the Stateless template edited. */
    private static Path editedAssembly() throws IOException {
        return TwinProcess.editedDevAssembly("edited-assembly", resources -> {
            for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> resource = it.next();
                if (!resource.getValue().path("Type").asText().equals("AWS::Lambda::Function")) {
                    continue;
                }
                ObjectNode properties = (ObjectNode) resource.getValue().get("Properties");
                if (resource.getKey().startsWith("OrderSagaCreateShipmentFunction")) {
                    ((ObjectNode) properties.get("Environment").get("Variables")).remove("SINGLE_TABLE_NAME");
                }
                if (resource.getKey().startsWith("OrderSagaProcessPaymentFunction")) {
                    properties.put("ReservedConcurrentExecutions", 1);
                }
            }
        });
    }
}
