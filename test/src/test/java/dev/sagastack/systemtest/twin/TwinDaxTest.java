package dev.sagastack.systemtest.twin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.keys.Keys;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's user reads ({@code GET /users/{id}}, eventually consistent, through DAX when
 * {@code DAX_ENDPOINT} is set) run through the twin's local DAX node: the dev stage's TLS cluster is served on
 * a {@code daxs://} port with the local CA, the function's real DAX client connects to it, and the node's item
 * cache answers the second read. A write made straight to DynamoDB does not reach the item cache, so the next
 * read through DAX is stale, as the DAX developer guide's "DAX and DynamoDB consistency models" describes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwinDaxTest {

    private static final Pattern DAX_LINE = Pattern.compile("\\s*DAX\\s+dax://127\\.0\\.0\\.1:\\d+ and (daxs://127\\.0\\.0\\.1:\\d+) .*");

    @AutoClose
    private TwinProcess twin;
    private TwinClient client;
    @AutoClose
    private DynamoDbClient ddb;

    @BeforeAll
    void start() throws Exception {
        twin = TwinProcess.start("dax");
        client = new TwinClient(twin.api());
        ddb = twin.dynamoDbClient();
    }

    @Test
    void userReadsGoThroughTheLocalDaxNodeAndTheSecondIsAnItemCacheHit() throws Exception {
        String printed = printedTlsEndpoint();
        JsonNode api = apiFunction();
        assertThat(api.path("environment").path("DAX_ENDPOINT").asText()).isEqualTo(printed);
        String table = api.path("environment").path("SINGLE_TABLE_NAME").asText();

        String userId = client.user("dax");
        Counters before = counters(table);
        JsonNode first = client.get("/users/" + userId);
        JsonNode second = client.get("/users/" + userId);
        assertThat(first.path("userId").asText()).isEqualTo(userId);
        assertThat(second).isEqualTo(first);
        Counters after = counters(table);
        assertThat(after.misses() - before.misses()).as("the first read fills the item cache").isEqualTo(1);
        assertThat(after.hits() - before.hits()).as("the second read is served from it").isEqualTo(1);

        // a write straight to DynamoDB does not reach DAX's item cache: the read through DAX stays stale
        ddb.updateItem(b -> b.tableName(table).key(Keys.userProfile(userId).toMap())
                .updateExpression("SET displayName = :n")
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromS("Renamed directly"))));
        JsonNode stale = client.get("/users/" + userId);
        assertThat(stale.path("displayName").asText()).isEqualTo(first.path("displayName").asText()).isEqualTo("dax");
        assertThat(ddb.getItem(b -> b.tableName(table).key(Keys.userProfile(userId).toMap()).consistentRead(true))
                .item().get("displayName").s()).isEqualTo("Renamed directly");
        assertThat(counters(table).hits() - after.hits()).isEqualTo(1);
    }

    @Test
    void theClusterIsEmulatedOnTheStackPage() {
        JsonNode stack = client.get("/_local/api/stack");
        assertThat(stack.path("stacks").findValues("resources").stream().flatMap(r -> r.findParents("type").stream())
                .filter(r -> r.path("type").asText().equals("AWS::DAX::Cluster")))
                .singleElement().satisfies(r -> assertThat(r.path("status").asText()).isEqualTo("EMULATED"));
        JsonNode dax = client.get("/_local/api/dax");
        assertThat(dax.path("clusters")).singleElement().satisfies(c -> {
            assertThat(c.path("templateEndpoint").asText()).startsWith("daxs://").contains(".dax-clusters.");
            assertThat(c.path("localEndpoint").asText()).startsWith("daxs://127.0.0.1:");
        });
    }

    private record Counters(long hits, long misses) {
    }

    private Counters counters(String table) {
        JsonNode t = client.get("/_local/api/dax").path("tables").path(table);
        return new Counters(t.path("hits").asLong(), t.path("misses").asLong());
    }

    private JsonNode apiFunction() {
        for (JsonNode f : client.get("/_local/api/stack").path("functions")) {
            if (f.path("environment").has("SINGLE_TABLE_NAME") && f.path("handler").asText().endsWith("HttpApiHandler")) {
                return f;
            }
        }
        throw new AssertionError("no HTTP API function on the Stack page");
    }

    /** The start-up line naming the DAX endpoints (printed just after the API's, so it may take a moment). */
    private String printedTlsEndpoint() throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            for (String line : Files.readAllLines(twin.log())) {
                Matcher m = DAX_LINE.matcher(line);
                if (m.matches()) {
                    return m.group(1);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the twin printed no DAX endpoint; see " + twin.log().toAbsolutePath());
    }
}
