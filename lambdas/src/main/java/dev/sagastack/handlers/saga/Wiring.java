package dev.sagastack.handlers.saga;

import dev.sagastack.account.AccountService;
import dev.sagastack.config.AppContext;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.order.OrderRepository;
import dev.sagastack.order.RememberedOrderOwners;
import dev.sagastack.pagination.PageCursors;

import java.util.concurrent.ThreadLocalRandom;

/** What several steps build the same way from their {@link AppContext}, once per container. */
final class Wiring {

    private Wiring() {
    }

    /** The event store and the account service over it, sharing the container's DynamoDB client. */
    record AccountDependencies(AccountService accounts, EventStore store) {
        static AccountDependencies of(AppContext app) {
            EventStore store = EventStore.create(app.clients().dynamoDb(), app.config().requireEventStoreTable(), app.clock());
            return new AccountDependencies(AccountService.create(store, app.config().accounts(), app.clock()), store);
        }
    }

    /**
     * Orders for the saga's status transitions. The steps never list orders, so their cursor key is a
     * random one of this container: it signs nothing that leaves it, and the steps need no access to
     * the API's signing key (nor the cold-start cost of seeding a SecureRandom for it).
     */
    static RememberedOrderOwners ordersForTransitions(AppContext app) {
        byte[] key = new byte[32];
        ThreadLocalRandom.current().nextBytes(key);
        return OrderRepository.create(app.clients().dynamoDb(), app.config().requireSingleTable(),
                new PageCursors(key::clone), app.clock());
    }
}
