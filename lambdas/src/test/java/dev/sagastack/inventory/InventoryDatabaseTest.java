package dev.sagastack.inventory;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryDatabaseTest {

    @Test
    void opensOneConnectionWhenTheContainerStartsAndReusesItForEveryInvocation() {
        InventoryDatabaseSettings settings = TestDatabases.migratedDatabase();
        try (InventoryDatabase database = InventoryDatabase.connect(InventoryDatabase.connectionFactory(settings))) {
            assertThat(database.connectionsOpened()).as("opened at start-up").isEqualTo(1);
            InventoryService inventory = InventoryService.create(database);
            inventory.setAvailable("APPLE", 100);
            for (int i = 0; i < 20; i++) {
                inventory.reserve("o-" + i, List.of(new ReservationLine("APPLE", 1)));
                inventory.release("o-" + i);
            }
            assertThat(database.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void reopensABrokenConnectionAndRunsTheTransactionOnTheNewOne() throws SQLException {
        InventoryDatabaseSettings settings = TestDatabases.migratedDatabase();
        ConnectionFactory factory = InventoryDatabase.connectionFactory(settings);
        try (InventoryDatabase database = InventoryDatabase.connect(factory)) {
            InventoryService inventory = InventoryService.create(database);
            inventory.setAvailable("APPLE", 5);

            // the server ends every other session, as a failover or a proxy idle timeout would
            try (Connection admin = factory.open();
                 PreparedStatement kill = admin.prepareStatement(
                         "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 + "WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
                kill.executeQuery().close();
                admin.commit();
            }

            Reservation reservation = inventory.reserve("o-1", List.of(new ReservationLine("APPLE", 2)));

            assertThat(reservation.alreadyReserved()).isFalse();
            assertThat(database.connectionsOpened()).isEqualTo(2);
            assertThat(inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 3, 2));
        }
    }

    @Test
    void anUnreachableDatabaseIsATransientFailureAndStartUpStillSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        ConnectionFactory unreachable = () -> {
            attempts.incrementAndGet();
            throw new SQLTransientConnectionException("Connection refused", "08001");
        };

        InventoryDatabase database = InventoryDatabase.connect(unreachable);
        InventoryService inventory = InventoryService.create(database);

        assertThatThrownBy(() -> inventory.release("o-1"))
                .isInstanceOf(InventoryUnavailableException.class)
                .hasMessageContaining("cannot connect");
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(database.connectionsOpened()).isZero();
    }

    @Test
    void aStatementErrorIsNotRetriedAndRollsBackTheTransaction() {
        InventoryDatabaseSettings settings = TestDatabases.migratedDatabase();
        try (InventoryDatabase database = InventoryDatabase.connect(InventoryDatabase.connectionFactory(settings))) {
            InventoryService inventory = InventoryService.create(database);
            inventory.setAvailable("APPLE", 5);
            AtomicInteger runs = new AtomicInteger();

            assertThatThrownBy(() -> database.inTransaction(c -> {
                runs.incrementAndGet();
                try (var s = c.createStatement()) {
                    s.executeUpdate("UPDATE inventory SET available = 0 WHERE sku = 'APPLE'");
                    s.executeUpdate("UPDATE inventory SET available = -1 WHERE sku = 'APPLE'");
                }
                return null;
            })).isInstanceOf(InventoryDatabaseException.class).hasMessageContaining("23514");

            assertThat(runs.get()).isEqualTo(1);
            assertThat(inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 5, 0));
        }
    }
}
