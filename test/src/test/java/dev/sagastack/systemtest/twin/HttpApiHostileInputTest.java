package dev.sagastack.systemtest.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.systemtest.hostile.HostileCases;
import dev.sagastack.systemtest.hostile.HostileJson;
import dev.sagastack.systemtest.access.ApiSigning;
import dev.sagastack.systemtest.hostile.RawHttp;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile requests to the twin's HTTP API, started as the README starts it: broken and misshapen JSON, members
 * missing or of the wrong type, deep nesting, oversized values, invalid UTF-8, an oversized header and a body
 * over API Gateway's 10 MB payload quota. Each must get a 4xx with the API's JSON error body (or the gateway's
 * {@code {"message"}} for a quota), never a 5xx or a dropped connection; afterwards every table holds what it
 * held before (read through the twin's DynamoDB endpoint) and the API answers the next request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiHostileInputTest {

    @AutoClose
    private TwinProcess twin;
    private TwinClient client;
    @AutoClose
    private DynamoDbClient ddb;
    private List<HostileCases.Template> templates;
    private String sku;

    @BeforeAll
    void start() throws Exception {
        twin = TwinProcess.start("hostile");
        client = new TwinClient(twin.api());
        ddb = twin.dynamoDbClient();
        String user = client.user("hostile");
        String account = client.account(user, 10_000);
        sku = client.stock("hostile", 50);
        client.send("POST", "/forum/categories", Map.of("categoryId", "hostile", "name", "Hostile")).ok();
        String topic = client.send("POST", "/forum/categories/hostile/topics",
                Map.of("title", "First", "authorId", user)).ok().path("topicId").asText();
        templates = List.of(
                template("POST /users", Map.of("email", "someone-new@example.com", "displayName", "Someone")),
                template("POST /accounts", Map.of("ownerId", user, "currency", "EUR", "commandId", "open-hostile")),
                template("POST /accounts/" + account + "/deposits", Map.of("amount", 100, "commandId", "dep-hostile")),
                template("POST /accounts/" + account + "/withdrawals", Map.of("amount", 1, "commandId", "wd-hostile")),
                template("POST /accounts/" + account + "/close", Map.of("commandId", "close-hostile")),
                template("POST /orders", Map.of("userId", user, "accountId", account, "currency", "EUR",
                        "items", List.of(Map.of("sku", sku, "quantity", 1, "unitPrice", 100)))),
                template("PUT /inventory/" + sku, Map.of("available", 7)),
                template("POST /forum/categories", Map.of("categoryId", "other", "name", "Other")),
                template("POST /forum/categories/hostile/topics", Map.of("title", "Second", "authorId", user)),
                template("POST /forum/categories/hostile/topics/" + topic + "/posts",
                        Map.of("authorId", user, "body", "hello")));
    }

    @Test
    void hostileRequestsAreRefusedAndChangeNothing() throws Exception {
        check(HostileCases.seed("HTTP API"));
    }

    /** Seeds that once found a defect: -5362862119544242726 sent a forum post that was not UTF-8. */
    @Test
    void regressionSeeds() throws Exception {
        check(-5362862119544242726L);
    }

    private void check(long seed) throws Exception {
        Map<String, String> before = settledTables();
        JsonNode stock = client.inventory(sku);
        Random random = new Random(seed ^ 0x9E3779B97F4A7C15L);
        HostileJson mutator = new HostileJson(random, new HostileJson.Rules(List.of(), List.of()));
        HostileCases.run(seed, Integer.getInteger("hostile.cases", 80), templates,
                new HostileJson.Rules(List.of(), List.of()), sent -> {
                    HostileJson.Case hostile = random.nextInt(4) == 0 ? withoutAMember(sent.template(), random)
                            : sent.hostile();
                    String[] route = sent.template().name().split(" ", 2);
                    RawHttp.Response r = send(route[0], route[1], Map.of("Content-Type", "application/json"),
                            hostile.body());
                    assertThat(r.status()).as("%s: %s -> %s", sent.template().name(), hostile.description(),
                            abbreviate(r.body())).isBetween(400, 499);
                    assertThat(json(r.body()).path("message").asText())
                            .as("error body of %s: %s", hostile.description(), abbreviate(r.body())).isNotEmpty();
                    assertThat(client.send("GET", "/inventory/" + sku, null).status()).as("next request").isEqualTo(200);
                });
        assertThat(client.inventory(sku)).isEqualTo(stock);
        assertThat(settledTables()).as("tables after seed %d", seed).isEqualTo(before);
    }

    @Test
    void oversizedHeadersAndBodiesGetTheGatewaysAnswer() throws Exception {
        RawHttp.Response header = send("GET", "/inventory/" + sku, Map.of("X-Padding", "p".repeat(64 * 1024)),
                new byte[0]);
        assertThat(header.status()).as(header.body()).isBetween(400, 499);
        byte[] huge = ("{\"available\":1,\"padding\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        RawHttp.Response body = send("PUT", "/inventory/" + sku, Map.of("Content-Type", "application/json"), huge);
        assertThat(body.status()).isEqualTo(413);
        assertThat(client.inventory(sku).path("available").asLong()).isEqualTo(50);
    }

    /**
     * Unsigned, signed by an unknown key, or signed for another body: API Gateway's 403 before the function runs
     * ("Control access to HTTP APIs with IAM authorization"), and nothing changes.
     */
    @Test
    void unsignedOrForgedRequestsGetTheGatewaysForbiddenAndChangeNothing() {
        byte[] body = "{\"available\":1}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> json = Map.of("Content-Type", "application/json");

        RawHttp.Response unsigned = sendAsIs("PUT", "/inventory/" + sku, json, body);
        Map<String, String> unknown = new LinkedHashMap<>(json);
        unknown.putAll(ApiSigning.signatureHeaders(AwsCredentialsIdentity.create("AKIDNOTKNOWN", "x"), "PUT",
                twin.api().resolve("/inventory/" + sku), json, body));
        RawHttp.Response unknownKey = sendAsIs("PUT", "/inventory/" + sku, unknown, body);
        Map<String, String> otherBody = new LinkedHashMap<>(json);
        otherBody.putAll(ApiSigning.signatureHeaders(ApiSigning.ADMINISTRATOR, "PUT",
                twin.api().resolve("/inventory/" + sku), json, "{\"available\":2}".getBytes(StandardCharsets.UTF_8)));
        RawHttp.Response forged = sendAsIs("PUT", "/inventory/" + sku, otherBody, body);

        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(unsigned.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(unknownKey.status()).isEqualTo(403);
        assertThat(json(unknownKey.body()).path("message").asText())
                .isEqualTo("The security token included in the request is invalid.");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(json(forged.body()).path("message").asText()).contains("signature");
        assertThat(client.inventory(sku).path("available").asLong()).isEqualTo(50);
    }

    /** The template with one of its members (at any depth) removed: each template has only required members. */
    private static HostileJson.Case withoutAMember(HostileCases.Template template, Random random) {
        ObjectNode copy = template.body().deepCopy();
        List<Runnable> removals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        collectRemovals(copy, "$", removals, names);
        int pick = random.nextInt(removals.size());
        removals.get(pick).run();
        return new HostileJson.Case("without " + names.get(pick), copy.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void collectRemovals(JsonNode node, String path, List<Runnable> removals, List<String> names) {
        if (node instanceof ObjectNode object) {
            List<String> fields = new ArrayList<>();
            object.fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                removals.add(() -> object.remove(field));
                names.add(path + "." + field);
                collectRemovals(object.get(field), path + "." + field, removals, names);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectRemovals(node.get(i), path + "[" + i + "]", removals, names);
            }
        }
    }

    /** Every table's items (as text, by table), once two reads a second apart agree (projections settle). */
    private Map<String, String> settledTables() throws InterruptedException {
        Map<String, String> previous = tables();
        for (int i = 0; i < 30; i++) {
            Thread.sleep(1_000);
            Map<String, String> now = tables();
            if (now.equals(previous)) {
                return now;
            }
            previous = now;
        }
        throw new AssertionError("the tables did not settle");
    }

    private Map<String, String> tables() {
        Map<String, String> tables = new TreeMap<>();
        for (String table : ddb.listTables().tableNames()) {
            List<String> items = new ArrayList<>();
            ddb.scanPaginator(s -> s.tableName(table).consistentRead(true)).items()
                    .forEach(item -> items.add(new TreeMap<>(item).toString()));
            items.sort(null);
            tables.put(table, String.join("\n", items));
        }
        return tables;
    }

    private static HostileCases.Template template(String route, Map<String, Object> body) {
        return new HostileCases.Template(route, HostileCases.JSON.valueToTree(body));
    }

    /** Signed, so a hostile request reaches the handler the way a legitimate client's would. */
    private RawHttp.Response send(String method, String path, Map<String, String> headers, byte[] body) {
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.putAll(ApiSigning.signatureHeaders(ApiSigning.ADMINISTRATOR, method, twin.api().resolve(path), headers,
                body));
        return sendAsIs(method, path, signed, body);
    }

    private RawHttp.Response sendAsIs(String method, String path, Map<String, String> headers, byte[] body) {
        try {
            return RawHttp.send(twin.api().getPort(), method, path, headers, body);
        } catch (RawHttp.Dropped e) {
            throw new AssertionError("connection dropped: " + e.getMessage(), e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return HostileCases.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + abbreviate(body), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
