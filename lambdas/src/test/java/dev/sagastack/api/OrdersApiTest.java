package dev.sagastack.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.order.NewOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** POST/GET /orders as API Gateway HTTP API (payload format 2.0) delivers them. */
class OrdersApiTest {

    private ApiFixture api;
    private String userId;
    private String accountId;

    @BeforeEach
    void setUp() {
        api = new ApiFixture();
        userId = api.call("POST", "/users", "{\"email\":\"ada@example.com\",\"displayName\":\"Ada\"}")
                .body().get("userId").asText();
        accountId = api.call("POST", "/accounts",
                "{\"ownerId\":\"" + userId + "\",\"currency\":\"EUR\",\"commandId\":\"open-1\"}").body().get("accountId").asText();
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    private String order(String items) {
        return "{\"userId\":\"" + userId + "\",\"accountId\":\"" + accountId + "\",\"currency\":\"EUR\",\"items\":" + items + "}";
    }

    private static final String ONE_LINE = "[{\"sku\":\"APPLE\",\"quantity\":2,\"unitPrice\":150}]";

    @Test
    void createsAPendingOrderStartsItsSagaAndAnswers202() {
        ApiFixture.Response response = api.call("POST", "/orders", order(ONE_LINE));

        assertThat(response.status()).isEqualTo(202);
        String orderId = response.body().get("orderId").asText();
        assertThat(response.body().get("status").asText()).isEqualTo("PENDING");
        assertThat(response.body().get("executionArn").asText()).endsWith(":execution:OrderSaga:" + orderId);
        assertThat(api.saga.starts).hasSize(1);
        assertThat(api.saga.starts.get(0)).isEqualTo("{\"orderId\":\"" + orderId + "\",\"userId\":\"" + userId
                + "\",\"accountId\":\"" + accountId + "\",\"currency\":\"EUR\",\"total\":300,"
                + "\"items\":[{\"sku\":\"APPLE\",\"quantity\":2,\"unitPrice\":150}]}");

        JsonNode stored = api.call("GET", "/orders/" + orderId, null).body();
        assertThat(stored.get("status").asText()).isEqualTo("PENDING");
        assertThat(stored.get("total").asLong()).isEqualTo(300);
        assertThat(stored.get("executionArn").asText()).isEqualTo(response.body().get("executionArn").asText());
        assertThat(stored.get("failure").isNull()).isTrue();
        assertThat(stored.get("items").get(0).get("unitPrice").asLong()).isEqualTo(150);
    }

    @Test
    void aReturningCustomersOrderNeedsNoUserOrAccountRead() {
        api.tableTrips.reset();
        api.daxTrips.reset();
        ApiFixture.Response first = api.call("POST", "/orders", order(ONE_LINE));

        assertThat(first.status()).isEqualTo(202);
        assertThat(api.tableTrips.count("Query")).as("the account's events, once").isEqualTo(1);

        api.tableTrips.reset();
        api.daxTrips.reset();
        ApiFixture.Response second = api.call("POST", "/orders", order(ONE_LINE));

        assertThat(second.status()).isEqualTo(202);
        assertThat(api.tableTrips.snapshot()).as("user and account facts are known to this container")
                .isEqualTo(Map.of("TransactWriteItems", 1L)); // the execution ARN follows from the order id: no write-back
        assertThat(api.daxTrips.total()).isZero();
        assertThat(api.call("GET", "/orders/" + second.body().get("orderId").asText(), null).body()
                .get("executionArn").asText()).isEqualTo(second.body().get("executionArn").asText());
    }

    @Test
    void rememberedAccountsAreStillCheckedForOwnerAndCurrency() {
        assertThat(api.call("POST", "/orders", order(ONE_LINE)).status()).isEqualTo(202);
        String other = api.call("POST", "/users", "{\"email\":\"bob@example.com\",\"displayName\":\"Bob\"}")
                .body().get("userId").asText();

        ApiFixture.Response notHis = api.call("POST", "/orders", "{\"userId\":\"" + other + "\",\"accountId\":\""
                + accountId + "\",\"currency\":\"EUR\",\"items\":" + ONE_LINE + "}");
        ApiFixture.Response otherCurrency = api.call("POST", "/orders", order(ONE_LINE).replace("\"EUR\"", "\"USD\""));

        assertThat(notHis.status()).isEqualTo(400);
        assertThat(notHis.body().get("field").asText()).isEqualTo("accountId");
        assertThat(otherCurrency.status()).isEqualTo(400);
        assertThat(otherCurrency.body().get("field").asText()).isEqualTo("currency");
        assertThat(api.saga.starts).hasSize(1);
    }

    @Test
    void theSameRequestWithTheSameIdempotencyKeyReturnsTheSameOrderAndExecution() {
        Map<String, String> key = Map.of("Idempotency-Key", "checkout-42");

        ApiFixture.Response first = api.call("POST", "/orders", order(ONE_LINE), key, Map.of());
        ApiFixture.Response second = api.call("POST", "/orders", order(ONE_LINE), key, Map.of());

        assertThat(second.status()).isEqualTo(202);
        assertThat(second.body().get("orderId")).isEqualTo(first.body().get("orderId"));
        assertThat(second.body().get("executionArn")).isEqualTo(first.body().get("executionArn"));
        assertThat(api.call("GET", "/orders", null, Map.of(), Map.of("status", "PENDING")).body().get("items")).hasSize(1);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIsAConflictAndWritesNothing() {
        Map<String, String> key = Map.of("Idempotency-Key", "checkout-42");
        api.call("POST", "/orders", order(ONE_LINE), key, Map.of());

        ApiFixture.Response other = api.call("POST", "/orders",
                order("[{\"sku\":\"APPLE\",\"quantity\":3,\"unitPrice\":150}]"), key, Map.of());

        assertThat(other.status()).isEqualTo(409);
        assertThat(other.field()).isEqualTo("Idempotency-Key");
        assertThat(api.saga.starts).hasSize(1);
        JsonNode pending = api.call("GET", "/orders", null, Map.of(), Map.of("status", "PENDING")).body().get("items");
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).get("items").get(0).get("quantity").asInt()).isEqualTo(2);
    }

    private static String lines(int count) {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            items.append(i == 0 ? "" : ",").append("{\"sku\":\"S").append(i).append("\",\"quantity\":1,\"unitPrice\":1}");
        }
        return items.append(']').toString();
    }

    @Test
    void anOrderMayHaveUpTo100LinesAnd101AreRefusedNamingItems() {
        assertThat(NewOrder.MAX_LINES).isEqualTo(100);
        ApiFixture.Response tooMany = api.call("POST", "/orders", order(lines(101)));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.field()).isEqualTo("items");
        assertThat(tooMany.body().get("message").asText()).contains("100");
        assertThat(api.saga.starts).isEmpty();

        ApiFixture.Response full = api.call("POST", "/orders", order(lines(100)));
        assertThat(full.status()).isEqualTo(202);
        JsonNode stored = api.call("GET", "/orders/" + full.body().get("orderId").asText(), null).body();
        assertThat(stored.get("items")).hasSize(100);
        assertThat(stored.get("total").asLong()).isEqualTo(100);
        assertThat(api.saga.starts).hasSize(1);
    }

    @Test
    void everyMalformedOrderIsA400NamingTheFieldAndWritesNothing() {
        String big = "x".repeat(ApiRequest.MAX_BODY_BYTES);
        Object[][] cases = {
                {"{not json", "InvalidJson", "body"},
                {"[1,2]", "InvalidJson", "body"},
                {"{\"accountId\":\"" + accountId + "\",\"currency\":\"EUR\",\"items\":" + ONE_LINE + "}", "ValidationError", "userId"},
                {"{\"userId\":42,\"accountId\":\"" + accountId + "\",\"currency\":\"EUR\",\"items\":" + ONE_LINE + "}", "ValidationError", "userId"},
                {order("[]"), "ValidationError", "items"},
                {order("{}"), "ValidationError", "items"},
                {order(lines(NewOrder.MAX_LINES + 1)), "ValidationError", "items"},
                {order("[{\"sku\":\"APPLE\",\"quantity\":\"2\",\"unitPrice\":150}]"), "ValidationError", "items[0].quantity"},
                {order("[{\"sku\":\"APPLE\",\"quantity\":0,\"unitPrice\":150}]"), "ValidationError", "items[0].quantity"},
                {order("[{\"sku\":\"APPLE\",\"quantity\":-1,\"unitPrice\":150}]"), "ValidationError", "items[0].quantity"},
                {order("[{\"sku\":\"APPLE\",\"quantity\":1,\"unitPrice\":1.5}]"), "ValidationError", "items[0].unitPrice"},
                {order("[{\"sku\":\"APPLE\",\"quantity\":1,\"unitPrice\":0}]"), "ValidationError", "items[0].unitPrice"},
                {order("[{\"sku\":\"APPLE\",\"quantity\":1}]"), "ValidationError", "items[0].unitPrice"},
                {order("[{\"sku\":\"A#B\",\"quantity\":1,\"unitPrice\":1}]"), "ValidationError", "items[0].sku"},
                {order("[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1},{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1}]"),
                        "ValidationError", "items[1].sku"},
                {order(ONE_LINE).replace("\"EUR\"", "\"XYZ\""), "ValidationError", "currency"},
                {order(ONE_LINE).replace("\"EUR\"", "\"USD\""), "ValidationError", "currency"},
                {order(ONE_LINE).replace(accountId, "nope"), "ValidationError", "accountId"},
                {order(ONE_LINE).replace(userId, "ghost"), "ValidationError", "userId"},
                {"{\"pad\":\"" + big + "\"}", "BodyTooLarge", "body"},
        };
        for (Object[] c : cases) {
            ApiFixture.Response response = api.call("POST", "/orders", (String) c[0]);
            assertThat(response.status()).as(String.valueOf(c[2])).isEqualTo(400);
            assertThat(response.error()).as(String.valueOf(c[2])).isEqualTo(c[1]);
            assertThat(response.field()).as(String.valueOf(c[2])).isEqualTo(c[2]);
            assertThat(response.body().get("message").asText()).isNotBlank();
        }
        ApiFixture.Response badKey = api.call("POST", "/orders", order(ONE_LINE),
                Map.of("Idempotency-Key", "k".repeat(257)), Map.of());
        assertThat(badKey.field()).isEqualTo("Idempotency-Key");

        assertThat(api.saga.starts).isEmpty();
        assertThat(api.call("GET", "/orders", null, Map.of(), Map.of("status", "PENDING")).body().get("items")).isEmpty();
    }

    @Test
    void readsAnswer404ForUnknownOrdersAnd400ForBadListings() {
        assertThat(api.call("GET", "/orders/01UNKNOWN", null).status()).isEqualTo(404);
        ApiFixture.Response noStatus = api.call("GET", "/orders", null);
        assertThat(noStatus.status()).isEqualTo(400);
        assertThat(noStatus.field()).isEqualTo("status");
        assertThat(api.call("GET", "/orders", null, Map.of(), Map.of("status", "LOST")).field()).isEqualTo("status");
        ApiFixture.Response forged = api.call("GET", "/orders", null, Map.of(),
                Map.of("status", "PENDING", "cursor", "eyJQSyI6eyJTIjoiVVNFUiN4In19.AAAA"));
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.field()).isEqualTo("cursor");
        assertThat(api.call("GET", "/orders", null, Map.of(), Map.of("status", "PENDING", "limit", "0")).field())
                .isEqualTo("limit");
    }

    @Test
    void listsOrdersByStatusAcrossPagesWithTheReturnedCursor() {
        for (int i = 0; i < 3; i++) {
            assertThat(api.call("POST", "/orders", order(ONE_LINE)).status()).isEqualTo(202);
        }
        JsonNode first = api.call("GET", "/orders", null, Map.of(), Map.of("status", "pending", "limit", "2")).body();
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = api.call("GET", "/orders", null, Map.of(),
                Map.of("status", "PENDING", "limit", "2", "cursor", first.get("nextCursor").asText())).body();
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405WithAllow() {
        ApiFixture.Response unknown = api.call("GET", "/nowhere", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("NotFound");

        ApiFixture.Response wrongMethod = api.call("DELETE", "/orders", null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.error()).isEqualTo("MethodNotAllowed");
        assertThat(wrongMethod.headers()).containsEntry("allow", "GET, POST");
    }
}
