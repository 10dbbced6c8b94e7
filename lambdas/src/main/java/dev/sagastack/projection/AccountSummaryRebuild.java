package dev.sagastack.projection;

import dev.sagastack.account.Account;
import dev.sagastack.account.AccountEvent;
import dev.sagastack.account.AccountService;
import dev.sagastack.eventstore.EventPage;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.eventstore.StoredEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Recreates account summaries from the event store alone: finds every account through the
 * AccountOpened events (GSI by event type) and replays each stream from version 1. A summary that
 * is already newer than the replay is left alone, so a rebuild running beside the live projection
 * never moves a summary backwards.
 */
public final class AccountSummaryRebuild {

    private final DynamoDbClient client;
    private final String table;
    private final EventStore store;
    private final AccountService accounts;
    private final Clock clock;

    public AccountSummaryRebuild(DynamoDbClient client, String singleTable, EventStore store, AccountService accounts,
                                 Clock clock) {
        this.client = client;
        this.table = singleTable;
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** @return the number of accounts rebuilt */
    public int rebuildAll() {
        Set<String> accountIds = new LinkedHashSet<>();
        Optional<String> position = Optional.empty();
        while (true) {
            EventPage page = store.readByType(AccountEvent.AccountOpened.TYPE, position, 500);
            for (StoredEvent event : page.events()) {
                if (event.stream().aggregateType().equals(AccountService.AGGREGATE_TYPE)) {
                    accountIds.add(event.stream().aggregateId());
                }
            }
            if (page.events().isEmpty()) {
                break;
            }
            position = page.position();
        }
        accountIds.forEach(this::rebuild);
        return accountIds.size();
    }

    /** @return the rebuilt summary state, or empty when the account has no events */
    public Optional<Account> rebuild(String accountId) {
        Optional<Account> replayed = accounts.replay(accountId);
        replayed.ifPresent(state -> {
            try {
                client.putItem(PutItemRequest.builder().tableName(table)
                        .item(AccountSummaries.item(state, clock.instant()))
                        .conditionExpression("attribute_not_exists(PK) OR #applied <= :version")
                        .expressionAttributeNames(Map.of("#applied", AccountSummaries.LAST_APPLIED_VERSION))
                        .expressionAttributeValues(Map.of(":version", AttributeValue.fromN(Long.toString(state.version()))))
                        .build());
            } catch (ConditionalCheckFailedException e) {
                // the live projection is already ahead of this replay
            }
        });
        return replayed;
    }
}
