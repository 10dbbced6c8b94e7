package dev.sagastack.systemtest.saga;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.config.AppContext;
import dev.sagastack.handlers.api.HttpApiHandler;
import dev.sagastack.local.stepfunctions.ExecutionInfo;
import dev.sagastack.local.stepfunctions.ExecutionStatus;
import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /orders through the HTTP API handler, which starts the saga with the real SfnClient against
 * the engine's Step Functions HTTP API. StartExecution semantics follow the API reference: the same
 * name and input return the running execution; once it closed, ExecutionAlreadyExists, which the API
 * resolves to the same order when the input is the same, and to 409 when it differs.
 */
class OrderApiEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SagaWorld world;
    private StepFunctionsServer sfnServer;
    private HttpApiHandler api;
    private String userId;
    private String accountId;

    @BeforeEach
    void setUp() {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println(getClass().getSimpleName() + " seed=" + seed);
        world = new SagaWorld(seed);
        world.stock("APPLE", 10);
        userId = world.user("grace");
        accountId = world.account(userId, 10_000);
        sfnServer = StepFunctionsServer.start(world.engine, 0);
        Map<String, String> env = new HashMap<>(world.functionEnvironment);
        env.put("AWS_ENDPOINT_URL_SFN", sfnServer.endpoint().toString());
        env.put("ORDER_SAGA_STATE_MACHINE_ARN", world.stateMachineArn);
        env.put("CURSOR_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        api = new HttpApiHandler(AppContext.fromEnvironment(env));
    }

    @AfterEach
    void tearDown() {
        sfnServer.close();
        world.close();
    }

    @Test
    void anOrderPostedToTheApiRunsItsSagaToConfirmedAndARepeatAfterItEndedGetsTheSameOrder() throws Exception {
        String body = "{\"userId\":\"" + userId + "\",\"accountId\":\"" + accountId + "\",\"currency\":\"EUR\","
                + "\"items\":[{\"sku\":\"APPLE\",\"quantity\":3,\"unitPrice\":700}]}";
        Map<String, String> key = Map.of("idempotency-key", "basket-7");

        JsonNode accepted = call("POST", "/orders", body, key);
        assertThat(accepted.get("status").asText()).isEqualTo("PENDING");
        String orderId = accepted.get("orderId").asText();
        String executionArn = accepted.get("executionArn").asText();
        assertThat(executionArn).isEqualTo(world.stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + orderId);

        ExecutionInfo done = world.await(executionArn);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode order = call("GET", "/orders/" + orderId, null, Map.of());
        assertThat(order.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(order.get("total").asLong()).isEqualTo(2_100);
        assertThat(order.get("executionArn").asText()).isEqualTo(executionArn);
        assertThat(world.balance(accountId)).isEqualTo(10_000 - 2_100);

        // the client retries after the saga ended: same order, same execution, nothing runs again
        JsonNode again = call("POST", "/orders", body, key);
        assertThat(again.get("orderId").asText()).isEqualTo(orderId);
        assertThat(again.get("executionArn").asText()).isEqualTo(executionArn);
        assertThat(again.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(world.engine.listExecutions(world.stateMachineArn, null)).hasSize(1);
        assertThat(world.balance(accountId)).isEqualTo(10_000 - 2_100);
        SagaAssertions.assertInvariants(world, List.of(orderId));
    }

    @Test
    void theSameKeyWithAnotherAccountIsRefusedByStepFunctionsAndAnswered409() throws Exception {
        String second = world.accounts.open("acc-second", userId, "EUR", "open-second").accountId();
        String body = "{\"userId\":\"" + userId + "\",\"accountId\":\"%s\",\"currency\":\"EUR\","
                + "\"items\":[{\"sku\":\"APPLE\",\"quantity\":1,\"unitPrice\":100}]}";
        Map<String, String> key = Map.of("idempotency-key", "basket-8");

        JsonNode accepted = call("POST", "/orders", String.format(body, accountId), key);
        APIGatewayV2HTTPResponse conflict = HttpApiCalls.call(api, "POST", "/orders", String.format(body, second), key);

        assertThat(conflict.getStatusCode()).isEqualTo(409);
        assertThat(JSON.readTree(conflict.getBody()).get("field").asText()).isEqualTo("Idempotency-Key");
        world.await(accepted.get("executionArn").asText());
        assertThat(world.engine.listExecutions(world.stateMachineArn, null)).hasSize(1);
    }

    private JsonNode call(String method, String path, String body, Map<String, String> headers) throws Exception {
        APIGatewayV2HTTPResponse response = HttpApiCalls.call(api, method, path, body, headers);
        assertThat(response.getStatusCode()).as(response.getBody()).isBetween(200, 299);
        return JSON.readTree(response.getBody());
    }
}
