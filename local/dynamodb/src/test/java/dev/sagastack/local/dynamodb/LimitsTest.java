package dev.sagastack.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Service limits (Developer Guide "Quotas in Amazon DynamoDB"): key sizes, transaction size, empty values. */
class LimitsTest extends ServerFixture {

    @Test
    void sortKeyOver1024BytesIsRejectedAndExactly1024Accepted() {
        String t = createTable("S");
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.putItem(r -> r.tableName(t)
                .item(item("pk", "a", "sk", "s".repeat(1025)))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("One or more parameter values were invalid: "
                + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "sk", "s".repeat(1024))));
        assertThat(ddb.scan(r -> r.tableName(t)).count()).isEqualTo(1);
    }

    @Test
    void emptyBinaryKeyIsRejected() {
        String t = createTable("B");
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.putItem(r -> r.tableName(t)
                .item(item("pk", "a", "sk", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[0]))))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("One or more parameter values are not valid. "
                + "The AttributeValue for a key attribute cannot contain an empty binary value. Key: sk");
    }

    @Test
    void emptyNonKeyStringIsAllowed() {
        String t = createTable(null);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "empty", "")));
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "a"))).item()).containsEntry("empty", s(""));
    }

    @Test
    void transactionOverFourMegabytesIsRejectedAndWritesNothing() {
        String t = createTable(null);
        String big = "b".repeat(390 * 1024);
        List<TransactWriteItem> actions = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            int k = i;
            actions.add(TransactWriteItem.builder().put(p -> p.tableName(t).item(item("pk", "k" + k, "v", big))).build());
        }
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.transactWriteItems(r -> r.transactItems(actions)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(ddb.scan(r -> r.tableName(t)).count()).isZero();
    }

    @Test
    void transactGetRejectsTwoReadsOfOneItem() {
        String t = createTable(null);
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.transactGetItems(r -> r.transactItems(
                TransactGetItem.builder().get(g -> g.tableName(t).key(item("pk", "a"))).build(),
                TransactGetItem.builder().get(g -> g.tableName(t).key(item("pk", "a"))).build())));
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Transaction request cannot include multiple operations on one item");
    }
}
