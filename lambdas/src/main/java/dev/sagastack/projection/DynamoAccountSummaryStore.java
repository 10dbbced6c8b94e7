package dev.sagastack.projection;

import dev.sagastack.account.Account;
import dev.sagastack.keys.Keys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Summaries as items of the single table; the write's condition is the projection's last applied version. */
final class DynamoAccountSummaryStore implements AccountSummaryStore {

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    DynamoAccountSummaryStore(DynamoDbClient client, String table, Clock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Optional<Account> read(String accountId) {
        Map<String, AttributeValue> item = client.getItem(GetItemRequest.builder().tableName(table)
                .key(Keys.accountSummary(accountId).toMap()).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(AccountSummaries.account(AccountSummaries.summary(item)));
    }

    @Override
    public void write(Account state, long baseVersion) {
        PutItemRequest.Builder put = PutItemRequest.builder().tableName(table)
                .item(AccountSummaries.item(state, clock.instant()));
        if (baseVersion == 0) {
            put.conditionExpression("attribute_not_exists(PK)");
        } else {
            put.conditionExpression("#applied = :base")
                    .expressionAttributeNames(Map.of("#applied", AccountSummaries.LAST_APPLIED_VERSION))
                    .expressionAttributeValues(Map.of(":base", AttributeValue.fromN(Long.toString(baseVersion))));
        }
        try {
            client.putItem(put.build());
        } catch (ConditionalCheckFailedException e) {
            throw new SummaryMoved(state.accountId());
        }
    }
}
