package dev.sagastack.account;

import dev.sagastack.dynamo.LocalDynamoDb;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.eventstore.StoredEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class AccountConcurrencyTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    @Test
    void racingWithdrawalsNeverOverdrawAndEachSucceedsOnce() throws Exception {
        EventStore store = EventStore.create(DYNAMO.client(), DYNAMO.createTables().eventStore(), Clock.systemUTC());
        AccountService accounts = AccountService.create(store, new AccountSettings(10, 4), Clock.systemUTC());
        accounts.open("acc", "owner", "EUR", "open");
        accounts.deposit("acc", Money.of(1_000, "EUR"), "fund");
        int threads = 8;
        int perThread = 8;
        AtomicInteger paid = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    String command = "wd-" + thread + "-" + i;
                    while (true) {
                        try {
                            accounts.withdraw("acc", Money.of(17, "EUR"), command);
                            paid.incrementAndGet();
                            break;
                        } catch (InsufficientFunds e) {
                            refused.incrementAndGet();
                            break;
                        } catch (AccountBusy e) {
                            busy.incrementAndGet(); // bounded retries ran out: the same command id is safe to resend
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        System.out.printf("paid %d, refused %d, busy %d%n", paid.get(), refused.get(), busy.get());

        Account account = accounts.load("acc").orElseThrow();
        List<StoredEvent> withdrawals = accounts.events("acc", 1, 1_000).stream()
                .filter(e -> e.type().equals("MoneyWithdrawn")).toList();
        assertThat(paid.get()).isEqualTo(1_000 / 17);
        assertThat(refused.get()).isEqualTo(threads * perThread - 1_000 / 17);
        assertThat(withdrawals).hasSize(paid.get());
        assertThat(account.balance()).isEqualTo(1_000 % 17);
        assertThat(account).isEqualTo(accounts.replay("acc").orElseThrow());
    }
}
