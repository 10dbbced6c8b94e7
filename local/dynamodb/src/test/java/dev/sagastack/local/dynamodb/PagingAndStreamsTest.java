package dev.sagastack.local.dynamodb;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 1 MB page of Query and Scan (API Reference, Query/Scan: "the result set is limited to 1 MB
 * per call ... LastEvaluatedKey"), paging of ListStreams (ExclusiveStartStreamArn,
 * LastEvaluatedStreamArn) and DescribeStream (ExclusiveStartShardId), and a stream ARN that stays
 * the same across UpdateTable calls that do not touch the stream (DynamoDB Streams API Reference).
 */
class PagingAndStreamsTest extends ServerFixture {

    private static final String BIG = "x".repeat(350 * 1024);

    @Test
    void queryAndScanStopAtOneMegabyteAndContinueFromLastEvaluatedKey() {
        String t = createTable("S");
        for (int i = 0; i < 4; i++) {
            int n = i;
            ddb.putItem(b -> b.tableName(t).item(item("pk", "p", "sk", "s" + n, "blob", BIG)));
        }
        ScanResponse first = ddb.scan(b -> b.tableName(t));
        assertThat(first.count()).isBetween(1, 3);
        assertThat(first.lastEvaluatedKey()).containsOnlyKeys("pk", "sk");
        Set<String> seen = new HashSet<>();
        first.items().forEach(i -> seen.add(i.get("sk").s()));
        Map<String, AttributeValue> start = first.lastEvaluatedKey();
        while (start != null && !start.isEmpty()) {
            Map<String, AttributeValue> from = start;
            ScanResponse page = ddb.scan(b -> b.tableName(t).exclusiveStartKey(from));
            page.items().forEach(i -> assertThat(seen.add(i.get("sk").s())).isTrue());
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
        }
        assertThat(seen).containsExactlyInAnyOrder("s0", "s1", "s2", "s3");

        QueryResponse q = ddb.query(b -> b.tableName(t).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))));
        assertThat(q.count()).isBetween(1, 3);
        assertThat(q.lastEvaluatedKey()).containsEntry("sk", q.items().get(q.count() - 1).get("sk"));
    }

    @Test
    void listStreamsPagesWithLastEvaluatedStreamArn() {
        String prefix = uniqueName("paged");
        for (int i = 0; i < 3; i++) {
            String name = prefix + "-" + i;
            ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
        }
        List<String> arns = new java.util.ArrayList<>();
        String start = null;
        int pages = 0;
        do {
            String from = start;
            var page = streams.listStreams(b -> b.limit(1).exclusiveStartStreamArn(from));
            page.streams().forEach(s -> arns.add(s.streamArn()));
            start = page.lastEvaluatedStreamArn();
            pages++;
        } while (start != null && pages < 100);
        assertThat(arns).doesNotHaveDuplicates();
        assertThat(arns.stream().filter(a -> a.contains(prefix))).hasSize(3);
    }

    @Test
    void describeStreamPagesShardsAndTheArnSurvivesTableUpdates() {
        String t = createTable(null, b -> b.streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_IMAGE)));
        String arn = ddb.describeTable(b -> b.tableName(t)).table().latestStreamArn();
        var shards = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards();
        assertThat(shards).hasSize(1);
        String shardId = shards.get(0).shardId();
        assertThat(streams.describeStream(b -> b.streamArn(arn).exclusiveStartShardId(shardId))
                .streamDescription().shards()).isEmpty();
        ddb.updateTable(b -> b.tableName(t).billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(3L).writeCapacityUnits(3L)));
        ddb.updateTable(b -> b.tableName(t).deletionProtectionEnabled(true));
        assertThat(ddb.describeTable(b -> b.tableName(t)).table().latestStreamArn()).isEqualTo(arn);
        assertThat(streams.describeStream(b -> b.streamArn(arn)).streamDescription().streamStatusAsString())
                .isEqualTo("ENABLED");
    }
}
