package dev.sagastack.account;

import dev.sagastack.dynamo.LocalDynamoDb;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.eventstore.StoredEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountServiceTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    private EventStore store;
    private AccountService accounts;

    @BeforeEach
    void setUp() {
        store = EventStore.create(DYNAMO.client(), DYNAMO.createTables().eventStore(), Clock.systemUTC());
        accounts = AccountService.create(store, new AccountSettings(5, 8), Clock.systemUTC());
    }

    private static Money eur(long cents) {
        return Money.of(cents, "EUR");
    }

    @Test
    void depositsAndWithdrawalsMoveTheBalanceAndAreRecordedAsEvents() {
        accounts.open("acc-1", "user-1", "EUR", "open-1");
        accounts.deposit("acc-1", eur(1_000), "dep-1");
        Receipt receipt = accounts.withdraw("acc-1", eur(300), "wd-1");

        assertThat(receipt.balanceAfter()).isEqualTo(700);
        assertThat(receipt.version()).isEqualTo(3);
        assertThat(accounts.load("acc-1")).contains(new Account("acc-1", "user-1", "EUR", 700, AccountStatus.OPEN, 3));
        assertThat(accounts.events("acc-1", 1, 10)).extracting(StoredEvent::type)
                .containsExactly("AccountOpened", "MoneyDeposited", "MoneyWithdrawn");
    }

    @Test
    void overdraftIsRefusedAndChangesNothing() {
        accounts.open("acc-1", "user-1", "EUR", "open-1");
        accounts.deposit("acc-1", eur(100), "dep-1");

        assertThatThrownBy(() -> accounts.withdraw("acc-1", eur(101), "wd-1"))
                .isInstanceOfSatisfying(InsufficientFunds.class, e -> {
                    assertThat(e.balance()).isEqualTo(100);
                    assertThat(e.requested()).isEqualTo(101);
                });
        assertThat(accounts.load("acc-1").orElseThrow().balance()).isEqualTo(100);
        assertThat(store.currentVersion(AccountStreams.of("acc-1"))).isEqualTo(2);
    }

    @Test
    void amountsMustBePositiveMinorUnitsInTheAccountCurrency() {
        accounts.open("acc-1", "user-1", "EUR", "open-1");

        assertThatThrownBy(() -> accounts.deposit("acc-1", eur(0), "d0")).isInstanceOf(InvalidAmount.class);
        assertThatThrownBy(() -> accounts.deposit("acc-1", eur(-5), "d1")).isInstanceOf(InvalidAmount.class);
        assertThatThrownBy(() -> accounts.withdraw("acc-1", eur(-5), "w1")).isInstanceOf(InvalidAmount.class);
        assertThatThrownBy(() -> accounts.deposit("acc-1", Money.of(5, "USD"), "d2")).isInstanceOf(InvalidAmount.class);
        assertThatThrownBy(() -> Money.of(5, "EURO")).isInstanceOf(InvalidAmount.class);
        assertThatThrownBy(() -> accounts.open("acc-2", "user-1", "XXQ", "open-2")).isInstanceOf(InvalidAmount.class);
        accounts.deposit("acc-1", eur(Long.MAX_VALUE), "big");
        assertThatThrownBy(() -> accounts.deposit("acc-1", eur(1), "overflow")).isInstanceOf(InvalidAmount.class);
        assertThat(accounts.load("acc-1").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void closedAccountTakesNoActivityAndClosesOnlyAtZero() {
        accounts.open("acc-1", "user-1", "EUR", "open-1");
        accounts.deposit("acc-1", eur(50), "dep-1");

        assertThatThrownBy(() -> accounts.close("acc-1", "close-1")).isInstanceOf(BalanceNotZero.class);
        accounts.withdraw("acc-1", eur(50), "wd-1");
        accounts.close("acc-1", "close-2");

        assertThatThrownBy(() -> accounts.deposit("acc-1", eur(1), "dep-2")).isInstanceOf(AccountClosed.class);
        assertThatThrownBy(() -> accounts.withdraw("acc-1", eur(1), "wd-2")).isInstanceOf(AccountClosed.class);
        assertThatThrownBy(() -> accounts.close("acc-1", "close-3")).isInstanceOf(AccountClosed.class);
        assertThat(accounts.load("acc-1").orElseThrow().status()).isEqualTo(AccountStatus.CLOSED);
    }

    @Test
    void commandsOnUnknownAccountsAndSecondOpensAreRefused() {
        assertThatThrownBy(() -> accounts.deposit("nobody", eur(1), "d")).isInstanceOf(AccountNotFound.class);
        accounts.open("acc-1", "user-1", "EUR", "open-1");
        assertThatThrownBy(() -> accounts.open("acc-1", "user-2", "EUR", "open-2")).isInstanceOf(AccountAlreadyExists.class);
        assertThat(accounts.load("acc-1").orElseThrow().ownerId()).isEqualTo("user-1");
    }

    @Test
    void retriedCommandReturnsItsFirstReceiptAndMovesNoMoney() {
        accounts.open("acc-1", "user-1", "EUR", "open-1");
        accounts.deposit("acc-1", eur(100), "dep-1");
        Receipt first = accounts.withdraw("acc-1", eur(100), "wd-1");

        // the balance is now 0: a naive retry would fail with InsufficientFunds or withdraw twice
        Receipt retry = accounts.withdraw("acc-1", eur(100), "wd-1");
        Receipt reopen = accounts.open("acc-1", "user-1", "EUR", "open-1");

        assertThat(retry.replayed()).isTrue();
        assertThat(retry.balanceAfter()).isEqualTo(first.balanceAfter()).isZero();
        assertThat(retry.version()).isEqualTo(first.version());
        assertThat(reopen.replayed()).isTrue();
        assertThat(accounts.load("acc-1").orElseThrow().version()).isEqualTo(3);
        assertThatThrownBy(() -> accounts.deposit("acc-1", eur(7), "wd-1")).isInstanceOf(DuplicateCommand.class);
    }

    @Test
    void snapshotStateEqualsFullReplayAtEveryVersion() {
        long seed = new Random().nextLong();
        System.out.println("seed " + seed);
        Random random = new Random(seed);
        accounts.open("acc-1", "user-1", "EUR", "open");
        long balance = 0;
        for (int i = 0; i < 23; i++) {
            long amount = 1 + random.nextInt(500);
            if (random.nextBoolean() || balance < amount) {
                accounts.deposit("acc-1", eur(amount), "c" + i);
                balance += amount;
            } else {
                accounts.withdraw("acc-1", eur(amount), "c" + i);
                balance -= amount;
            }
            Account loaded = accounts.load("acc-1").orElseThrow();
            assertThat(loaded).as("seed %d step %d", seed, i).isEqualTo(accounts.replay("acc-1").orElseThrow());
            assertThat(loaded.balance()).isEqualTo(balance);
        }
        var loaded = store.load(AccountStreams.of("acc-1"), 6);
        assertThat(loaded.snapshot()).as("snapshots were taken").isPresent();
        assertThat(loaded.events()).hasSizeLessThan(5);
    }

    @Test
    void eventsArePagedBehindCursorsBoundToTheAccount() {
        var cursors = new dev.sagastack.pagination.PageCursors(() -> new byte[32]);
        accounts.open("acc-1", "user-1", "EUR", "open-1");
        accounts.open("acc-2", "user-1", "EUR", "open-2");
        for (int i = 0; i < 4; i++) {
            accounts.deposit("acc-1", eur(10 + i), "dep-" + i);
        }

        var first = accounts.events("acc-1", dev.sagastack.pagination.PageRequest.first(3), cursors);
        var second = accounts.events("acc-1",
                dev.sagastack.pagination.PageRequest.after(3, first.nextCursor().orElseThrow()), cursors);

        assertThat(first.items()).extracting(StoredEvent::version).containsExactly(1L, 2L, 3L);
        assertThat(second.items()).extracting(StoredEvent::version).containsExactly(4L, 5L);
        assertThatThrownBy(() -> accounts.events("acc-2",
                dev.sagastack.pagination.PageRequest.after(3, first.nextCursor().orElseThrow()), cursors))
                .isInstanceOf(dev.sagastack.pagination.InvalidCursor.class);
    }

    @Test
    void commandCostsOneLoadQueryAndOneTransaction() {
        accounts.open("acc-1", "user-1", "EUR", "open");
        for (int i = 0; i < 12; i++) {
            accounts.deposit("acc-1", eur(10), "d" + i);
        }
        // a service that has not appended to the account yet (another container) loads it first
        AccountService fresh = AccountService.create(store, new AccountSettings(5, 8), Clock.systemUTC());
        DYNAMO.roundTrips().reset();

        fresh.withdraw("acc-1", eur(5), "w");

        assertThat(DYNAMO.roundTrips().snapshot())
                .containsExactlyInAnyOrderEntriesOf(Map.of("Query", 1L, "TransactWriteItems", 1L));
        DYNAMO.roundTrips().reset();

        fresh.withdraw("acc-1", eur(5), "w2");

        assertThat(DYNAMO.roundTrips().snapshot()).as("after its own append it remembers the state")
                .containsExactlyInAnyOrderEntriesOf(Map.of("TransactWriteItems", 1L));
        assertThat(fresh.replay("acc-1").orElseThrow().balance()).isEqualTo(110);
    }
}
