package dev.sagastack.projection;

import dev.sagastack.account.Account;
import dev.sagastack.account.AccountStatus;
import dev.sagastack.keys.Keys;
import dev.sagastack.pagination.CursorScope;
import dev.sagastack.pagination.Page;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.pagination.PageRequest;
import dev.sagastack.pagination.QueryPages;
import dev.sagastack.schema.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sagastack.dynamo.Attributes.instant;
import static dev.sagastack.dynamo.Attributes.n;
import static dev.sagastack.dynamo.Attributes.number;
import static dev.sagastack.dynamo.Attributes.s;
import static dev.sagastack.dynamo.Attributes.string;

/**
 * Reads account summaries ({@code ACCOUNT#id / SUMMARY}) for the API. These are eventually
 * consistent reads of a read model, so the client may be the DAX-routed one.
 */
public final class AccountSummaries {

    static final String ENTITY = "AccountSummary";
    static final String LAST_APPLIED_VERSION = "lastAppliedVersion";

    private final DynamoDbClient client;
    private final String table;
    private final QueryPages pages;

    public AccountSummaries(DynamoDbClient client, String table, PageCursors cursors) {
        this.client = client;
        this.table = table;
        this.pages = new QueryPages(client, cursors);
    }

    public Optional<AccountSummary> find(String accountId) {
        Map<String, AttributeValue> item = client.getItem(GetItemRequest.builder().tableName(table)
                .key(Keys.accountSummary(accountId).toMap()).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(summary(item));
    }

    /** Accounts of an owner, by account id. */
    public Page<AccountSummary> byOwner(String ownerId, PageRequest page) {
        String partition = Keys.accountsByOwnerPartition(ownerId);
        CursorScope scope = new CursorScope(table, Optional.of(Tables.GSI1), Tables.GSI1PK, partition, true,
                List.of(Tables.PK, Tables.SK, Tables.GSI1PK, Tables.GSI1SK));
        QueryRequest query = QueryRequest.builder().tableName(table).indexName(Tables.GSI1)
                .keyConditionExpression("GSI1PK = :pk")
                .expressionAttributeValues(Map.of(":pk", s(partition)))
                .scanIndexForward(true).build();
        return pages.page(scope, query, page).map(AccountSummaries::summary);
    }

    static Map<String, AttributeValue> item(Account account, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.accountSummary(account.accountId()).toMap());
        item.put(Tables.ENTITY_TYPE, s(ENTITY));
        item.put("accountId", s(account.accountId()));
        item.put("ownerId", s(account.ownerId()));
        item.put("currency", s(account.currency()));
        item.put("balance", n(account.balance()));
        item.put("status", s(account.status().name()));
        item.put(LAST_APPLIED_VERSION, n(account.version()));
        item.put("updatedAt", instant(now));
        Keys.accountsByOwner(account.ownerId(), account.accountId()).addTo(item);
        return item;
    }

    static AccountSummary summary(Map<String, AttributeValue> item) {
        return new AccountSummary(string(item, "accountId"), string(item, "ownerId"), string(item, "currency"),
                number(item, "balance"), AccountStatus.valueOf(string(item, "status")),
                number(item, LAST_APPLIED_VERSION), Instant.parse(string(item, "updatedAt")));
    }

    static Account account(AccountSummary summary) {
        return new Account(summary.accountId(), summary.ownerId(), summary.currency(), summary.balance(),
                summary.status(), summary.lastAppliedVersion());
    }
}
