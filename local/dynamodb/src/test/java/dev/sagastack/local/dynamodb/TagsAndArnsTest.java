package dev.sagastack.local.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tags on tables (API Reference: TagResource, UntagResource, ListTagsOfResource, "Tag" data type;
 * Developer Guide: "Tagging restrictions in DynamoDB") and table ARNs in place of table names (API
 * Reference, TableName of GetItem, PutItem, Query, ...: "You can also provide the Amazon Resource
 * Name (ARN) of the table in this parameter").
 */
class TagsAndArnsTest extends ServerFixture {

    private String arnOf(String table) {
        return ddb.describeTable(b -> b.tableName(table)).table().tableArn();
    }

    private static Tag tag(String k, String v) {
        return Tag.builder().key(k).value(v).build();
    }

    @Test
    void tagsAreAddedReplacedListedAndRemoved() {
        String t = createTable(null);
        String arn = arnOf(t);
        assertThat(ddb.listTagsOfResource(b -> b.resourceArn(arn)).tags()).isEmpty();
        ddb.tagResource(b -> b.resourceArn(arn).tags(tag("env", "dev"), tag("team", "saga")));
        ddb.tagResource(b -> b.resourceArn(arn).tags(tag("env", "prod"), tag("empty", "")));
        assertThat(ddb.listTagsOfResource(b -> b.resourceArn(arn)).tags())
                .containsExactly(tag("env", "prod"), tag("team", "saga"), tag("empty", ""));
        ddb.untagResource(b -> b.resourceArn(arn).tagKeys("team", "absent"));
        assertThat(ddb.listTagsOfResource(b -> b.resourceArn(arn)).tags())
                .containsExactly(tag("env", "prod"), tag("empty", ""));
    }

    @Test
    void createTableTakesTags() {
        String t = createTable(null, b -> b.tags(tag("stack", "saga"), tag("owner", "orders")));
        assertThat(ddb.listTagsOfResource(b -> b.resourceArn(arnOf(t))).tags())
                .containsExactly(tag("stack", "saga"), tag("owner", "orders"));
    }

    @Test
    void fiftyTagsAreAllowedAndTheFiftyFirstIsRefused() {
        String t = createTable(null);
        String arn = arnOf(t);
        List<Tag> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(tag("k" + i, "v"));
        }
        ddb.tagResource(b -> b.resourceArn(arn).tags(fifty));
        ddb.tagResource(b -> b.resourceArn(arn).tags(tag("k0", "replaced"))); // replacing adds none
        DynamoDbException e = expect(DynamoDbException.class,
                () -> ddb.tagResource(b -> b.resourceArn(arn).tags(tag("k50", "v"))));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(ddb.listTagsOfResource(b -> b.resourceArn(arn)).tags()).hasSize(50).contains(tag("k0", "replaced"));
    }

    @Test
    void invalidTagsAreRefusedAndChangeNothing() {
        String t = createTable(null);
        String arn = arnOf(t);
        String longKey = "k".repeat(129);
        DynamoDbException e = expect(DynamoDbException.class,
                () -> ddb.tagResource(b -> b.resourceArn(arn).tags(tag("ok", "v"), tag(longKey, "v"))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value '" + longKey
                + "' at 'tags.2.member.key' failed to satisfy constraint: Member must have length less than or equal to 128");
        String longValue = "v".repeat(257);
        e = expect(DynamoDbException.class, () -> ddb.tagResource(b -> b.resourceArn(arn).tags(tag("k", longValue))));
        assertThat(e.awsErrorDetails().errorMessage()).endsWith(
                "at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256");
        e = expect(DynamoDbException.class, () -> ddb.tagResource(b -> b.resourceArn(arn).tags(tag("aws:owner", "x"))));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).contains("aws:");
        e = expect(DynamoDbException.class, () -> ddb.tagResource(b -> b.resourceArn(arn).tags(List.of())));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Atleast one Tag needs to be provided as Input.");
        e = expect(DynamoDbException.class, () -> ddb.untagResource(b -> b.resourceArn(arn).tagKeys(List.of())));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Atleast one Tag Key needs to be provided as Input.");
        e = expect(DynamoDbException.class, () -> ddb.tagResource(b -> b.resourceArn("not-an-arn").tags(tag("k", "v"))));
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Invalid TableArn: Invalid ResourceArn provided as input not-an-arn");
        assertThat(ddb.listTagsOfResource(b -> b.resourceArn(arn)).tags()).isEmpty();
    }

    @Test
    void taggingAMissingTableIsResourceNotFound() {
        String arn = "arn:aws:dynamodb:us-east-1:000000000000:table/missing-table";
        ResourceNotFoundException e = expect(ResourceNotFoundException.class,
                () -> ddb.tagResource(b -> b.resourceArn(arn).tags(tag("k", "v"))));
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Requested resource not found: ResourcArn: " + arn + " not found");
        expect(ResourceNotFoundException.class, () -> ddb.untagResource(b -> b.resourceArn(arn).tagKeys("k")));
        expect(ResourceNotFoundException.class, () -> ddb.listTagsOfResource(b -> b.resourceArn(arn)));
    }

    @Test
    void tagsSurviveTableUpdates() {
        String t = createTable(null);
        String arn = arnOf(t);
        ddb.tagResource(b -> b.resourceArn(arn).tags(tag("k", "v")));
        ddb.updateTable(b -> b.tableName(t).billingMode(BillingMode.PAY_PER_REQUEST).deletionProtectionEnabled(true));
        assertThat(ddb.listTagsOfResource(b -> b.resourceArn(arn)).tags()).containsExactly(tag("k", "v"));
    }

    @Test
    void tableArnIsAcceptedWhereverATableNameIs() {
        String t = createTable("S");
        String arn = arnOf(t);
        ddb.putItem(b -> b.tableName(arn).item(item("pk", "a", "sk", "1", "v", "x")));
        assertThat(ddb.getItem(b -> b.tableName(arn).key(item("pk", "a", "sk", "1"))).item()).containsEntry("v", s("x"));
        ddb.updateItem(b -> b.tableName(arn).key(item("pk", "a", "sk", "1")).updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", s("y"))));
        assertThat(ddb.query(b -> b.tableName(arn).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a")))).items()).hasSize(1);
        assertThat(ddb.scan(b -> b.tableName(arn)).count()).isEqualTo(1);
        ddb.batchWriteItem(b -> b.requestItems(Map.of(arn, List.of(WriteRequest.builder()
                .putRequest(p -> p.item(item("pk", "b", "sk", "1"))).build()))));
        assertThat(ddb.batchGetItem(b -> b.requestItems(Map.of(arn, KeysAndAttributes.builder()
                .keys(item("pk", "b", "sk", "1")).build()))).responses().get(arn)).hasSize(1);
        ddb.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                .delete(d -> d.tableName(arn).key(item("pk", "b", "sk", "1"))).build()));
        assertThat(ddb.getItem(b -> b.tableName(t).key(item("pk", "b", "sk", "1"))).hasItem()).isFalse();
        ddb.deleteItem(b -> b.tableName(arn).key(item("pk", "a", "sk", "1")));
        assertThat(ddb.describeTable(b -> b.tableName(arn)).table().tableName()).isEqualTo(t);
        ddb.deleteTable(b -> b.tableName(arn));
        expect(ResourceNotFoundException.class, () -> ddb.describeTable(b -> b.tableName(t)));
    }
}
