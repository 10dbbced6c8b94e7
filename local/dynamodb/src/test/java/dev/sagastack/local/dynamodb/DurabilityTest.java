package dev.sagastack.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Acknowledged writes survive {@code kill -9}: the server runs as its own JVM with a data
 * directory, is killed forcibly after the writes were acknowledged, and a new process on the same
 * directory must show every table, item, index entry, stream record and TTL setting.
 */
class DurabilityTest {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    @TempDir
    Path dataDir;

    private record Running(Process process, URI endpoint) {
    }

    private Running start() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.sagastack.local.dynamodb.DynamoDbServerMain", "--port", "0", "--data-dir", dataDir.toString())
                .redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return new Running(p, URI.create(m.group(1)));
            }
        }
        throw new IllegalStateException("server process ended before listening, exit " + p.waitFor());
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void acknowledgedWritesSurviveKillNineAndRestart() throws Exception {
        Running first = start();
        List<String> written = new ArrayList<>();
        String streamArn;
        try (DynamoDbClient ddb = client(first.endpoint())) {
            ddb.createTable(r -> r.tableName("durable").billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build())
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG")
                            .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                            .projection(p -> p.projectionType(ProjectionType.ALL)).build())
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
            ddb.updateTimeToLive(r -> r.tableName("durable")
                    .timeToLiveSpecification(s -> s.enabled(true).attributeName("expires")));
            for (int i = 0; i < 50; i++) {
                String pk = "item" + i;
                ddb.putItem(r -> r.tableName("durable").item(ServerFixture.item("pk", pk, "g", "group" + (pk.length() % 2),
                        "v", "value-" + pk)));
                written.add(pk);
            }
            ddb.updateItem(r -> r.tableName("durable").key(ServerFixture.item("pk", "item1"))
                    .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", ServerFixture.s("updated"))));
            ddb.deleteItem(r -> r.tableName("durable").key(ServerFixture.item("pk", "item2")));
            written.remove("item2");
            ddb.transactWriteItems(r -> r.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName("durable")
                            .item(ServerFixture.item("pk", "tx1", "g", "tx"))).build(),
                    TransactWriteItem.builder().put(p -> p.tableName("durable")
                            .item(ServerFixture.item("pk", "tx2", "g", "tx"))).build()));
            written.add("tx1");
            written.add("tx2");
            streamArn = ddb.describeTable(r -> r.tableName("durable")).table().latestStreamArn();
        }
        first.process().destroyForcibly();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

        Running second = start();
        try (DynamoDbClient ddb = client(second.endpoint());
                DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(second.endpoint())
                        .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                        .build()) {
            var scanned = ddb.scan(r -> r.tableName("durable")).items();
            assertThat(scanned).extracting(i -> i.get("pk").s()).containsExactlyInAnyOrderElementsOf(written);
            assertThat(ddb.getItem(r -> r.tableName("durable").key(ServerFixture.item("pk", "item1"))).item())
                    .containsEntry("v", ServerFixture.s("updated"));
            assertThat(ddb.query(r -> r.tableName("durable").indexName("byG").keyConditionExpression("g = :g")
                    .expressionAttributeValues(Map.of(":g", ServerFixture.s("tx")))).count()).isEqualTo(2);
            assertThat(ddb.describeTimeToLive(r -> r.tableName("durable")).timeToLiveDescription().timeToLiveStatus())
                    .isEqualTo(TimeToLiveStatus.ENABLED);
            assertThat(ddb.describeTable(r -> r.tableName("durable")).table().latestStreamArn()).isEqualTo(streamArn);
            String shard = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards().get(0).shardId();
            String it = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            // 50 puts, 1 update, 1 delete, 2 transactional puts.
            assertThat(streams.getRecords(r -> r.shardIterator(it)).records()).hasSize(54);
            ddb.putItem(r -> r.tableName("durable").item(ServerFixture.item("pk", "after-restart")));
            String it2 = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            var all = streams.getRecords(r -> r.shardIterator(it2)).records();
            assertThat(all).hasSize(55);
            assertThat(all).extracting(r -> new java.math.BigInteger(r.dynamodb().sequenceNumber()))
                    .isSorted().doesNotHaveDuplicates();
        } finally {
            second.process().destroyForcibly();
            second.process().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(new File(dataDir.toFile(), "dynamodb.log")).exists();
    }
}
