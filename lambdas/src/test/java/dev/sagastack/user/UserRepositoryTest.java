package dev.sagastack.user;

import dev.sagastack.dynamo.LocalDynamoDb;
import dev.sagastack.keys.Keys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserRepositoryTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    private String table;
    private UserRepository users;

    @BeforeEach
    void setUp() {
        table = DYNAMO.createTables().singleTable();
        users = UserRepository.create(DYNAMO.client(), table, Clock.systemUTC());
    }

    private int itemCount() {
        return DYNAMO.client().scan(ScanRequest.builder().tableName(table).build()).count();
    }

    private boolean guardExists(String email) {
        return DYNAMO.client().getItem(GetItemRequest.builder().tableName(table)
                .key(Keys.emailGuard(email).toMap()).consistentRead(true).build()).hasItem();
    }

    @Test
    void createdUserIsFoundByIdAndByEmailInAnyCase() {
        User user = users.create(new NewUser("  Ada@Example.COM ", "Ada"));

        assertThat(user.email()).isEqualTo("ada@example.com");
        assertThat(users.findById(user.userId())).contains(user);
        assertThat(users.findByEmail("ADA@example.com")).contains(user);
        assertThat(users.findByEmail("nobody@example.com")).isEmpty();
        assertThat(itemCount()).isEqualTo(2);
    }

    @Test
    void secondUserWithTheSameNormalisedEmailIsRefusedAndWritesNothing() {
        users.create(new NewUser("ada@example.com", "Ada"));

        assertThatThrownBy(() -> users.create(new NewUser("ADA@example.com ", "Impostor")))
                .isInstanceOf(DuplicateEmail.class);
        assertThat(itemCount()).isEqualTo(2);
    }

    @Test
    void invalidInputIsRefused() {
        assertThatThrownBy(() -> new NewUser("not-an-email", "X")).isInstanceOf(InvalidUser.class);
        assertThatThrownBy(() -> new NewUser("a@b.c", " ")).isInstanceOf(InvalidUser.class);
        assertThatThrownBy(() -> new NewUser(null, "X")).isInstanceOf(InvalidUser.class);
    }

    @Test
    void ofTwoConcurrentCreatesWithOneEmailExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        for (int round = 0; round < 10; round++) {
            String email = "race" + round + "@example.com";
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String name = "racer" + i;
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        users.create(new NewUser(email, name));
                        return true;
                    } catch (DuplicateEmail e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int wins = 0;
            for (Future<Boolean> outcome : outcomes) {
                wins += outcome.get() ? 1 : 0;
            }
            assertThat(wins).as("round %d", round).isEqualTo(1);
            assertThat(users.findByEmail(email)).isPresent();
        }
        pool.shutdown();
        assertThat(itemCount()).isEqualTo(20);
    }

    @Test
    void changingEmailMovesTheGuard() {
        User user = users.create(new NewUser("old@example.com", "Ada"));

        User changed = users.changeEmail(user.userId(), "New@Example.com");

        assertThat(changed.email()).isEqualTo("new@example.com");
        assertThat(users.findById(user.userId()).orElseThrow().email()).isEqualTo("new@example.com");
        assertThat(guardExists("old@example.com")).isFalse();
        assertThat(guardExists("new@example.com")).isTrue();
        assertThat(users.findByEmail("old@example.com")).isEmpty();
        User other = users.create(new NewUser("old@example.com", "Bob"));
        assertThat(users.findByEmail("old@example.com")).contains(other);
    }

    @Test
    void changingToAnEmailInUseIsRefusedAndChangesNothing() {
        User ada = users.create(new NewUser("ada@example.com", "Ada"));
        users.create(new NewUser("bob@example.com", "Bob"));

        assertThatThrownBy(() -> users.changeEmail(ada.userId(), "bob@example.com")).isInstanceOf(DuplicateEmail.class);
        assertThat(users.findById(ada.userId()).orElseThrow().email()).isEqualTo("ada@example.com");
        assertThat(guardExists("ada@example.com")).isTrue();
        assertThat(users.findByEmail("bob@example.com").orElseThrow().displayName()).isEqualTo("Bob");
        assertThatThrownBy(() -> users.changeEmail("01UNKNOWN", "x@example.com")).isInstanceOf(UserNotFound.class);
    }

    @Test
    void deleteRemovesProfileAndGuard() {
        User user = users.create(new NewUser("ada@example.com", "Ada"));

        assertThat(users.delete(user.userId())).isTrue();
        assertThat(users.delete(user.userId())).isFalse();

        assertThat(users.findById(user.userId())).isEmpty();
        assertThat(itemCount()).isZero();
        users.create(new NewUser("ada@example.com", "Ada again"));
    }

    @Test
    void renameKeepsTheEmail() {
        User user = users.create(new NewUser("ada@example.com", "Ada"));

        assertThat(users.rename(user.userId(), "Ada L.").displayName()).isEqualTo("Ada L.");
        assertThat(users.findByEmail("ada@example.com").orElseThrow().displayName()).isEqualTo("Ada L.");
        assertThatThrownBy(() -> users.rename("01UNKNOWN", "x")).isInstanceOf(UserNotFound.class);
    }
}
