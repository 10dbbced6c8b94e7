package dev.sagastack.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Users, accounts, inventory and forum routes, including each refusal. */
class ResourcesApiTest {

    private ApiFixture api;

    @BeforeEach
    void setUp() {
        api = new ApiFixture();
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    @Test
    void usersAreCreatedOncePerEmail() {
        ApiFixture.Response created = api.call("POST", "/users", "{\"email\":\"Ada@Example.com\",\"displayName\":\"Ada\"}");
        assertThat(created.status()).isEqualTo(201);
        String userId = created.body().get("userId").asText();

        ApiFixture.Response duplicate = api.call("POST", "/users", "{\"email\":\"ada@example.com\",\"displayName\":\"Eve\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.field()).isEqualTo("email");
        assertThat(api.call("POST", "/users", "{\"email\":\"no-at-sign\",\"displayName\":\"X\"}").field()).isEqualTo("email");
        assertThat(api.call("POST", "/users", "{\"email\":\"x@example.com\"}").field()).isEqualTo("displayName");

        assertThat(api.call("GET", "/users/" + userId, null).body().get("displayName").asText()).isEqualTo("Ada");
        assertThat(api.call("GET", "/users/nobody", null).status()).isEqualTo(404);
    }

    @Test
    void accountsMoveMoneyOncePerCommandAndRefuseOverdraftsAndBadAmounts() {
        JsonNode opened = api.call("POST", "/accounts", "{\"ownerId\":\"u-1\",\"currency\":\"EUR\",\"commandId\":\"c-open\"}").body();
        String accountId = opened.get("accountId").asText();
        String base = "/accounts/" + accountId;
        assertThat(api.call("POST", "/accounts", "{\"ownerId\":\"u-1\",\"currency\":\"EUR\",\"commandId\":\"c-open\"}")
                .body().get("accountId").asText()).as("a retried open names the same account").isEqualTo(accountId);

        assertThat(api.call("POST", base + "/deposits", "{\"amount\":1000,\"commandId\":\"d-1\"}").status()).isEqualTo(200);
        JsonNode replay = api.call("POST", base + "/deposits", "{\"amount\":1000,\"commandId\":\"d-1\"}").body();
        assertThat(replay.get("replayed").asBoolean()).isTrue();
        ApiFixture.Response overdraft = api.call("POST", base + "/withdrawals", "{\"amount\":1001,\"commandId\":\"w-1\"}");
        assertThat(overdraft.status()).isEqualTo(409);
        assertThat(overdraft.error()).isEqualTo("InsufficientFunds");
        assertThat(api.call("POST", base + "/withdrawals", "{\"amount\":0,\"commandId\":\"w-2\"}").field()).isEqualTo("amount");
        assertThat(api.call("POST", base + "/withdrawals", "{\"amount\":\"5\",\"commandId\":\"w-3\"}").field()).isEqualTo("amount");
        assertThat(api.call("POST", base + "/deposits", "{\"amount\":5}").field()).isEqualTo("commandId");
        assertThat(api.call("POST", base + "/close", "{\"commandId\":\"close-1\"}").error()).isEqualTo("BalanceNotZero");
        assertThat(api.call("POST", "/accounts/missing/deposits", "{\"amount\":5,\"commandId\":\"d-9\"}").status()).isEqualTo(404);

        JsonNode summary = api.call("GET", base, null).body();
        assertThat(summary.get("balance").asLong()).isEqualTo(1000);
        assertThat(summary.get("status").asText()).isEqualTo("OPEN");
        assertThat(summary.get("version").asLong()).isEqualTo(2);

    }

    @Test
    void accountEventPagesUseSignedCursorsAndAForgedOrForeignCursorIs400() {
        String base = "/accounts/" + api.call("POST", "/accounts",
                "{\"ownerId\":\"u-1\",\"currency\":\"EUR\",\"commandId\":\"c-open\"}").body().get("accountId").asText();
        String other = "/accounts/" + api.call("POST", "/accounts",
                "{\"ownerId\":\"u-2\",\"currency\":\"EUR\",\"commandId\":\"c-open\"}").body().get("accountId").asText();
        for (String account : new String[] {base, other}) {
            api.call("POST", account + "/deposits", "{\"amount\":10,\"commandId\":\"d-1\"}");
            api.call("POST", account + "/deposits", "{\"amount\":20,\"commandId\":\"d-2\"}");
        }

        JsonNode first = api.call("GET", base + "/events", null, Map.of(), Map.of("limit", "2")).body();
        assertThat(first.get("items")).extracting(e -> e.get("type").asText()).containsExactly("AccountOpened", "MoneyDeposited");
        assertThat(first.get("items").get(1).get("data").get("amount").asLong()).as("the event's payload as JSON").isEqualTo(10);
        String cursor = first.get("nextCursor").asText();
        assertThat(cursor).as("opaque and signed, not a version number").contains(".").doesNotContainPattern("^[0-9]+$");
        JsonNode second = api.call("GET", base + "/events", null, Map.of(), Map.of("limit", "2", "cursor", cursor)).body();
        assertThat(second.get("items")).extracting(e -> e.get("version").asLong()).containsExactly(3L);
        assertThat(second.get("nextCursor").isNull()).isTrue();

        String[] refused = {
                "2",                                                     // the former raw version cursor
                "abc",
                cursor.substring(0, cursor.indexOf('.')) + ".AAAA",      // key kept, signature forged
                "e30." + cursor.substring(cursor.indexOf('.') + 1),      // signature kept, key replaced by {}
        };
        for (String forged : refused) {
            ApiFixture.Response response = api.call("GET", base + "/events", null, Map.of(), Map.of("cursor", forged));
            assertThat(response.status()).as(forged).isEqualTo(400);
            assertThat(response.field()).as(forged).isEqualTo("cursor");
        }
        ApiFixture.Response foreign = api.call("GET", other + "/events", null, Map.of(), Map.of("cursor", cursor));
        assertThat(foreign.status()).as("another account's cursor").isEqualTo(400);
        assertThat(foreign.field()).isEqualTo("cursor");
    }

    @Test
    void inventoryIsSetAndReadAndRefusesNegativeStock() {
        ApiFixture.Response put = api.call("PUT", "/inventory/APPLE", "{\"available\":7}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().get("available").asLong()).isEqualTo(7);

        ApiFixture.Response negative = api.call("PUT", "/inventory/APPLE", "{\"available\":-1}");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.field()).isEqualTo("available");
        assertThat(api.call("PUT", "/inventory/APPLE", "{\"available\":1.5}").field()).isEqualTo("available");

        JsonNode read = api.call("GET", "/inventory/APPLE", null).body();
        assertThat(read.get("available").asLong()).isEqualTo(7);
        assertThat(read.get("reserved").asLong()).isZero();
        assertThat(api.call("GET", "/inventory/PEAR", null).status()).isEqualTo(404);
        assertThat(api.call("DELETE", "/inventory/APPLE", null).status()).isEqualTo(405);
    }

    @Test
    void forumCategoriesTopicsAndPostsAreCreatedAndListed() {
        assertThat(api.call("POST", "/forum/categories", "{\"categoryId\":\"java\",\"name\":\"Java\"}").status()).isEqualTo(201);
        assertThat(api.call("POST", "/forum/categories", "{\"categoryId\":\"java\",\"name\":\"Again\"}").status()).isEqualTo(409);
        JsonNode topic = api.call("POST", "/forum/categories/java/topics", "{\"title\":\"Records\",\"authorId\":\"u-1\"}").body();
        String topicId = topic.get("topicId").asText();
        String posts = "/forum/categories/java/topics/" + topicId + "/posts";
        assertThat(api.call("POST", posts, "{\"authorId\":\"u-1\",\"body\":\"first\"}").status()).isEqualTo(201);
        assertThat(api.call("POST", posts, "{\"authorId\":\"u-2\",\"body\":\"second\"}").status()).isEqualTo(201);
        assertThat(api.call("POST", "/forum/categories/none/topics", "{\"title\":\"T\",\"authorId\":\"u\"}").status())
                .isEqualTo(404);

        JsonNode newest = api.call("GET", posts, null, Map.of(), Map.of("limit", "1")).body();
        assertThat(newest.get("items").get(0).get("body").asText()).isEqualTo("second");
        JsonNode older = api.call("GET", posts, null, Map.of(), Map.of("limit", "1", "cursor", newest.get("nextCursor").asText())).body();
        assertThat(older.get("items").get(0).get("body").asText()).isEqualTo("first");
        ApiFixture.Response foreign = api.call("GET", posts, null, Map.of(),
                Map.of("order", "oldest", "cursor", newest.get("nextCursor").asText()));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.field()).isEqualTo("cursor");
        assertThat(api.call("GET", "/forum/categories", null).body().get("items")).hasSize(1);
    }
}
