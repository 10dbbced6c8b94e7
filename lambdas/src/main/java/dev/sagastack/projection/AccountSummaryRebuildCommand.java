package dev.sagastack.projection;

import dev.sagastack.account.AccountService;
import dev.sagastack.account.AccountSettings;
import dev.sagastack.dynamo.DataTables;
import dev.sagastack.dynamo.DynamoClients;
import dev.sagastack.eventstore.EventStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.Map;

/**
 * Operator command: recreate every account summary from the event store, configured like the
 * functions (SINGLE_TABLE_NAME, EVENT_STORE_TABLE_NAME, AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB).
 * {@code java -cp lambdas/target/sagastack-lambdas.jar dev.sagastack.projection.AccountSummaryRebuildCommand [accountId...]}
 */
public final class AccountSummaryRebuildCommand {

    private AccountSummaryRebuildCommand() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        DataTables tables = DataTables.fromEnvironment(env);
        Clock clock = Clock.systemUTC();
        try (DynamoDbClient client = DynamoClients.fromEnvironment()) {
            EventStore store = EventStore.create(client, tables.eventStore(), clock);
            AccountService accounts = AccountService.create(store, AccountSettings.fromEnvironment(env), clock);
            AccountSummaryRebuild rebuild = new AccountSummaryRebuild(client, tables.singleTable(), store, accounts, clock);
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
