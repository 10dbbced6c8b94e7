package dev.sagastack.projection;

import dev.sagastack.account.AccountService;
import dev.sagastack.config.AppContext;
import dev.sagastack.config.AwsClients;
import dev.sagastack.eventstore.EventStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * Operator command: recreate every account summary from the event store, configured like the
 * functions (SINGLE_TABLE_NAME, EVENT_STORE_TABLE_NAME, AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB).
 * {@code java -cp lambdas/target/sagastack-lambdas.jar dev.sagastack.projection.AccountSummaryRebuildCommand [accountId...]}
 */
public final class AccountSummaryRebuildCommand {

    private AccountSummaryRebuildCommand() {
    }

    public static void main(String[] args) {
        AppContext app = AppContext.fromEnvironment(System.getenv());
        try (AwsClients clients = app.clients()) {
            DynamoDbClient client = clients.dynamoDb();
            Clock clock = app.clock();
            EventStore store = EventStore.create(client, app.config().requireEventStoreTable(), clock);
            AccountService accounts = AccountService.create(store, app.config().accounts(), clock);
            AccountSummaryRebuild rebuild = new AccountSummaryRebuild(client, app.config().requireSingleTable(), store,
                    accounts, clock);
            if (args.length == 0) {
                System.out.println("rebuilt " + rebuild.rebuildAll() + " account summaries");
            } else {
                for (String accountId : args) {
                    System.out.println(accountId + ": " + rebuild.rebuild(accountId)
                            .map(Object::toString).orElse("no events"));
                }
            }
        }
    }
}
