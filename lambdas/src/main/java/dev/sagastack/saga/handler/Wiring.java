package dev.sagastack.saga.handler;

import dev.sagastack.account.AccountService;
import dev.sagastack.account.AccountSettings;
import dev.sagastack.config.EnvironmentVariables;
import dev.sagastack.dynamo.DynamoClients;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.order.OrderRepository;
import dev.sagastack.pagination.PageCursors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.concurrent.ThreadLocalRandom;
import java.time.Clock;
import java.util.Map;

/**
 * Builds a container's dependencies from its environment variables, once per container. The same
 * code runs in Lambda ({@code System.getenv()}) and on the twin (the function's environment map).
 */
public final class Wiring {

    private Wiring() {
    }

    public static DynamoDbClient dynamoDb(Map<String, String> env) {
        return DynamoClients.create(DynamoClients.Settings.fromEnvironment(env));
    }

    public static String singleTable(Map<String, String> env) {
        return required(env, EnvironmentVariables.SINGLE_TABLE_NAME);
    }

    public static String eventStoreTable(Map<String, String> env) {
        return required(env, EnvironmentVariables.EVENT_STORE_TABLE_NAME);
    }

    public static EventStore eventStore(Map<String, String> env, DynamoDbClient client) {
        return EventStore.create(client, eventStoreTable(env), Clock.systemUTC());
    }

    public static AccountService accounts(Map<String, String> env, EventStore store) {
        return AccountService.create(store, AccountSettings.fromEnvironment(env), Clock.systemUTC());
    }

    /** The event store and the account service over it, sharing one DynamoDB client. */
    public record AccountDependencies(AccountService accounts, EventStore store) {
    }

    public static AccountDependencies accountDependencies(Map<String, String> env) {
        EventStore store = eventStore(env, dynamoDb(env));
        return new AccountDependencies(accounts(env, store), store);
    }

    /**
     * Orders for the saga's status transitions. The steps never list orders, so their cursor key is a
     * random one of this container: it signs nothing that leaves it, and the steps need no access to
     * the API's signing key (nor the cold-start cost of seeding a SecureRandom for it).
     */
    public static OrderRepository ordersForTransitions(Map<String, String> env, DynamoDbClient client) {
        byte[] key = new byte[32];
        ThreadLocalRandom.current().nextBytes(key);
        return OrderRepository.create(client, singleTable(env), new PageCursors(key::clone), Clock.systemUTC());
    }

    public static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is required");
        }
        return value.trim();
    }
}
