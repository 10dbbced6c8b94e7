package dev.sagastack.systemtest.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.local.dynamodb.DynamoDbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile requests on the DynamoDB JSON 1.0 wire protocol: broken JSON, members of the wrong JSON type, deep
 * nesting, oversized values and names, invalid UTF-8, bodies that are not objects. Each must get a 4xx with
 * DynamoDB's error document ({@code __type}, "Error handling with DynamoDB", Developer Guide), never a 5xx or a
 * dropped connection, and must change nothing: the table's items and the table list are the same afterwards,
 * and the server answers the next request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoDbHostileInputTest {

    private static final String TABLE = "hostile";
    private static final String TARGET = "DynamoDB_20120810.";

    private DynamoDbServer server;
    private DynamoDbClient ddb;

    private static final List<HostileCases.Template> TEMPLATES = List.of(
            HostileCases.Template.of("PutItem", """
                {"TableName":"hostile","Item":{"pk":{"S":"new"},"sk":{"S":"1"},"n":{"N":"1"},"l":{"L":[{"S":"a"}]}},
                 "ConditionExpression":"attribute_not_exists(pk)","ReturnValues":"ALL_OLD"}"""),
            HostileCases.Template.of("UpdateItem", """
                {"TableName":"hostile","Key":{"pk":{"S":"p1"},"sk":{"S":"1"}},
                 "UpdateExpression":"SET #c = #c + :one","ExpressionAttributeNames":{"#c":"count"},
                 "ExpressionAttributeValues":{":one":{"N":"1"}},"ReturnValues":"UPDATED_NEW"}"""),
            HostileCases.Template.of("DeleteItem", """
                {"TableName":"hostile","Key":{"pk":{"S":"p2"},"sk":{"S":"1"}},"ReturnValues":"ALL_OLD"}"""),
            HostileCases.Template.of("GetItem", """
                {"TableName":"hostile","Key":{"pk":{"S":"p3"},"sk":{"S":"1"}},"ConsistentRead":true,
                 "ProjectionExpression":"pk, #c","ExpressionAttributeNames":{"#c":"count"}}"""),
            HostileCases.Template.of("Query", """
                {"TableName":"hostile","KeyConditionExpression":"pk = :p AND begins_with(sk, :s)",
                 "ExpressionAttributeValues":{":p":{"S":"p1"},":s":{"S":"1"}},"Limit":10,"ScanIndexForward":false}"""),
            HostileCases.Template.of("Scan", """
                {"TableName":"hostile","FilterExpression":"#c > :z","ExpressionAttributeNames":{"#c":"count"},
                 "ExpressionAttributeValues":{":z":{"N":"0"}},"Segment":0,"TotalSegments":2}"""),
            HostileCases.Template.of("BatchWriteItem", """
                {"RequestItems":{"hostile":[{"PutRequest":{"Item":{"pk":{"S":"b1"},"sk":{"S":"1"}}}},
                 {"DeleteRequest":{"Key":{"pk":{"S":"p4"},"sk":{"S":"1"}}}}]}}"""),
            HostileCases.Template.of("BatchGetItem", """
                {"RequestItems":{"hostile":{"Keys":[{"pk":{"S":"p1"},"sk":{"S":"1"}}]}}}"""),
            HostileCases.Template.of("TransactWriteItems", """
                {"TransactItems":[{"Put":{"TableName":"hostile","Item":{"pk":{"S":"t1"},"sk":{"S":"1"}}}},
                 {"Delete":{"TableName":"hostile","Key":{"pk":{"S":"p5"},"sk":{"S":"1"}}}}],
                 "ClientRequestToken":"token-1"}"""),
            HostileCases.Template.of("CreateTable", """
                {"TableName":"created-by-hostile","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
                 "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}"""));

    /**
     * Objects whose member names are attribute names or placeholders; expression names and values may together
     * be 2 MB long ("Expression parameters", Developer Guide's quotas page), so they are never inflated.
     */
    private static final HostileJson.Rules RULES = new HostileJson.Rules(
            List.of("/Item", "/Key", "/ExpressionAttributeValues", "/ExpressionAttributeNames"),
            List.of("$.ExpressionAttributeValues", "$.ExpressionAttributeNames"));

    @BeforeAll
    void start() {
        server = DynamoDbServer.start(DynamoDbServer.Options.defaults());
        ddb = DynamoDbClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        ddb.createTable(t -> t.tableName(TABLE)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("sk").keyType("RANGE"))
                .billingMode("PAY_PER_REQUEST")
                .streamSpecification(s -> s.streamEnabled(true).streamViewType("NEW_AND_OLD_IMAGES")));
        for (int i = 1; i <= 6; i++) {
            String pk = "p" + i;
            ddb.putItem(p -> p.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS(pk),
                    "sk", AttributeValue.fromS("0"))));
            ddb.putItem(p -> p.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS(pk),
                    "sk", AttributeValue.fromS("1"), "count", AttributeValue.fromN("5"))));
        }
    }

    @AfterAll
    void stop() {
        ddb.close();
        server.close();
    }

    @Test
    void randomHostileRequestsAreRefusedAndChangeNothing() {
        check(HostileCases.seed("DynamoDB wire protocol"), HostileCases.count());
    }

    /** Fixed seeds, so every run also covers the same cases. */
    @ParameterizedTest
    @ValueSource(longs = {1L, 42L})
    void regressionSeeds(long seed) {
        check(seed, 60);
    }

    private void check(long seed, int cases) {
        Set<String> before = snapshot();
        List<String> tables = ddb.listTables().tableNames();
        HostileCases.run(seed, cases, TEMPLATES, RULES, sent -> {
            RawHttp.Response r = send(sent.template().name(), sent.hostile().body());
            assertThat(r.status()).as("status of %s, body %s", sent, abbreviate(r.body())).isBetween(400, 499);
            JsonNode error = parse(r.body());
            assertThat(error.path("__type").asText()).as("error document of %s: %s", sent, abbreviate(r.body()))
                    .isNotEmpty();
            assertThat(send("ListTables", "{}".getBytes()).status()).as("the next request after %s", sent)
                    .isEqualTo(200);
        });
        assertThat(snapshot()).as("items after seed %d", seed).isEqualTo(before);
        assertThat(ddb.listTables().tableNames()).as("tables after seed %d", seed).isEqualTo(tables);
    }

    private RawHttp.Response send(String operation, byte[] body) {
        try {
            return RawHttp.send(server.port(), "POST", "/", Map.of(
                    "Content-Type", "application/x-amz-json-1.0",
                    "X-Amz-Target", TARGET + operation), body);
        } catch (RawHttp.Dropped e) {
            throw new AssertionError("connection dropped: " + e.getMessage(), e);
        }
    }

    private Set<String> snapshot() {
        return ddb.scanPaginator(s -> s.tableName(TABLE).consistentRead(true)).items().stream()
                .map(item -> new TreeSet<>(item.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.toSet())).toString())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static JsonNode parse(String body) {
        try {
            return HostileCases.JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("error body is not JSON: " + abbreviate(body));
        }
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
