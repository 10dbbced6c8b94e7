package dev.sagastack.config;

import dev.sagastack.dynamo.LocalDynamoDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The URL-connection transport sends bodies buffered (the JDK sets Content-Length itself) rather than
 * in fixed-length streaming mode: requests of any size must still arrive whole. DynamoDB's item size
 * limit is 400 KB (Developer Guide, "Service, account, and table quotas").
 */
class SdkHttpTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    @Test
    void aNearlyMaximalItemGoesThroughTheBufferedTransportWhole() {
        String table = DYNAMO.createTables().singleTable();
        String payload = "x".repeat(390_000) + "end";

        DYNAMO.client().putItem(b -> b.tableName(table).item(Map.of(
                "PK", AttributeValue.fromS("big"), "SK", AttributeValue.fromS("big"), "v", AttributeValue.fromS(payload))));
        Map<String, AttributeValue> read = DYNAMO.client().getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS("big"), "SK", AttributeValue.fromS("big")))).item();

        assertThat(read.get("v").s()).isEqualTo(payload);
    }
}
