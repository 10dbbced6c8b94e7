package dev.sagastack.api;

import dev.sagastack.config.EnvironmentVariables;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /users/{id} is the API's eventually consistent display read: through DAX when
 * {@code DAX_ENDPOINT} is set, plain DynamoDB otherwise. Writes and reads that decide a write
 * (the user check of POST /orders) never touch DAX.
 */
class UserReadRoutingTest {

    private static final String DAX = "daxs://sagastack.abc123.dax-clusters.us-east-1.amazonaws.com";

    @Test
    void withADaxEndpointTheUserDisplayReadGoesThroughDaxAndNothingElseDoes() {
        try (ApiFixture api = new ApiFixture(Map.of(EnvironmentVariables.DAX_ENDPOINT, DAX))) {
            String userId = api.call("POST", "/users", "{\"email\":\"ada@example.com\",\"displayName\":\"Ada\"}")
                    .body().get("userId").asText();
            assertThat(api.daxTrips.total()).as("creating a user reads nothing back through the cache").isZero();

            api.tableTrips.reset();
            ApiFixture.Response read = api.call("GET", "/users/" + userId, null);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.body().get("displayName").asText()).isEqualTo("Ada");
            assertThat(api.daxTrips.count("GetItem")).isEqualTo(1);
            assertThat(api.tableTrips.total()).isZero();
            assertThat(api.call("GET", "/users/ghost", null).status()).isEqualTo(404);
            assertThat(api.daxTrips.count("GetItem")).isEqualTo(2);

            String accountId = api.call("POST", "/accounts", "{\"ownerId\":\"" + userId
                    + "\",\"currency\":\"EUR\",\"commandId\":\"open\"}").body().get("accountId").asText();
            api.daxTrips.reset();
            api.tableTrips.reset();
            ApiFixture.Response order = api.call("POST", "/orders", "{\"userId\":\"" + userId + "\",\"accountId\":\""
                    + accountId + "\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":5}]}");
            assertThat(order.status()).isEqualTo(202);
            assertThat(api.daxTrips.total()).as("the order's user check decides a write: consistent, never DAX").isZero();
            assertThat(api.tableTrips.count("GetItem")).isPositive();
        }
    }

    @Test
    void withoutADaxEndpointTheUserDisplayReadGoesToDynamoDb() {
        try (ApiFixture api = new ApiFixture(Map.of())) {
            String userId = api.call("POST", "/users", "{\"email\":\"bob@example.com\",\"displayName\":\"Bob\"}")
                    .body().get("userId").asText();
            api.tableTrips.reset();

            assertThat(api.call("GET", "/users/" + userId, null).body().get("displayName").asText()).isEqualTo("Bob");
            assertThat(api.tableTrips.count("GetItem")).isEqualTo(1);
            assertThat(api.daxTrips.total()).isZero();
        }
    }
}
