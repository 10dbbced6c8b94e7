package dev.sagastack.account;

import dev.sagastack.dynamo.LocalDynamoDb;
import dev.sagastack.eventstore.AppendRequest;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.eventstore.LoadedStream;
import dev.sagastack.eventstore.StreamId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Commands reload and retry when another writer wins the version race, a bounded number of times. */
class AccountRetryTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    /**
     * The real event store, except that right after each of the first {@code races} loads another
     * writer deposits 1 cent through a second service, so the command's append meets a newer version.
     */
    private static EventStore racing(EventStore real, int races, AtomicInteger appends) {
        AccountService rival = AccountService.create(real, new AccountSettings(5, 8), Clock.systemUTC());
        AtomicInteger raced = new AtomicInteger();
        return (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("append") && !((AppendRequest) args[0]).events().isEmpty()) {
                        appends.incrementAndGet();
                    }
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("load") && result instanceof LoadedStream loaded && loaded.exists()
                            && raced.getAndIncrement() < races) {
                        rival.deposit(((StreamId) args[0]).aggregateId(), Money.of(1, "EUR"), "rival-" + raced.get());
                    }
                    return result;
                });
    }

    @Test
    void commandRetriesAfterLostRacesAndSucceeds() {
        EventStore real = EventStore.create(DYNAMO.client(), DYNAMO.createTables().eventStore(), Clock.systemUTC());
        AccountService.create(real, AccountSettings.defaults(), Clock.systemUTC()).open("acc", "o", "EUR", "open");
        AtomicInteger appends = new AtomicInteger();
        AccountService accounts = AccountService.create(racing(real, 3, appends), new AccountSettings(5, 4), Clock.systemUTC());

        Receipt receipt = accounts.deposit("acc", Money.of(100, "EUR"), "dep");

        assertThat(appends.get()).as("three lost races, then success").isEqualTo(4);
        assertThat(receipt.balanceAfter()).isEqualTo(103);
        assertThat(receipt.version()).isEqualTo(5);
    }

    @Test
    void commandGivesUpAfterTheBoundWithoutWriting() {
        EventStore real = EventStore.create(DYNAMO.client(), DYNAMO.createTables().eventStore(), Clock.systemUTC());
        AccountService.create(real, AccountSettings.defaults(), Clock.systemUTC()).open("acc", "o", "EUR", "open");
        AtomicInteger appends = new AtomicInteger();
        AccountService accounts = AccountService.create(racing(real, 100, appends), new AccountSettings(5, 3), Clock.systemUTC());

        assertThatThrownBy(() -> accounts.deposit("acc", Money.of(100, "EUR"), "dep")).isInstanceOf(AccountBusy.class);

        assertThat(appends.get()).isEqualTo(3);
        assertThat(real.findCommand(new StreamId("Account", "acc"), "dep")).isEmpty();
    }
}
