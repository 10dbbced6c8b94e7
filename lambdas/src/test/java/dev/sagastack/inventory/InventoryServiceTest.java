package dev.sagastack.inventory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryServiceTest {

    private InventoryDatabase database;
    private InventoryService inventory;

    @BeforeEach
    void setUp() {
        database = InventoryDatabase.connect(InventoryDatabase.connectionFactory(TestDatabases.migratedDatabase()));
        inventory = InventoryService.create(database);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void reservesEveryLineAndMovesUnitsFromAvailableToReserved() {
        inventory.setAvailable("APPLE", 5);
        inventory.setAvailable("PEAR", 3);

        Reservation reservation = inventory.reserve("o-1",
                List.of(new ReservationLine("PEAR", 3), new ReservationLine("APPLE", 2)));

        assertThat(reservation.alreadyReserved()).isFalse();
        assertThat(reservation.lines()).containsExactly(new ReservationLine("APPLE", 2), new ReservationLine("PEAR", 3));
        assertThat(inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 3, 2));
        assertThat(inventory.stockLevel("PEAR")).contains(new StockLevel("PEAR", 0, 3));
        assertThat(inventory.heldBy("o-1")).containsExactly(new ReservationLine("APPLE", 2), new ReservationLine("PEAR", 3));
    }

    @Test
    void reservesNothingWhenAnyLineIsShort() {
        inventory.setAvailable("APPLE", 5);
        inventory.setAvailable("PEAR", 1);

        assertThatThrownBy(() -> inventory.reserve("o-1",
                List.of(new ReservationLine("APPLE", 2), new ReservationLine("PEAR", 3))))
                .isInstanceOfSatisfying(InsufficientStockException.class, e -> {
                    assertThat(e.shortages()).containsExactly(
                            new InsufficientStockException.Shortage("PEAR", 3, 1, false));
                    assertThat(e.getMessage()).contains("PEAR requested 3, available 1");
                });

        assertThat(inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 5, 0));
        assertThat(inventory.stockLevel("PEAR")).contains(new StockLevel("PEAR", 1, 0));
        assertThat(inventory.heldBy("o-1")).isEmpty();
    }

    @Test
    void anUnknownSkuIsInsufficientStock() {
        inventory.setAvailable("APPLE", 5);

        assertThatThrownBy(() -> inventory.reserve("o-1",
                List.of(new ReservationLine("APPLE", 1), new ReservationLine("GHOST", 1))))
                .isInstanceOfSatisfying(InsufficientStockException.class, e -> assertThat(e.shortages())
                        .containsExactly(new InsufficientStockException.Shortage("GHOST", 1, 0, true)));
        assertThat(inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 5, 0));
    }

    @Test
    void aRetriedReservationChangesNothingAndReturnsTheSameLines() {
        inventory.setAvailable("APPLE", 5);
        List<ReservationLine> lines = List.of(new ReservationLine("APPLE", 2));

        inventory.reserve("o-1", lines);
        Reservation retried = inventory.reserve("o-1", lines);

        assertThat(retried.alreadyReserved()).isTrue();
        assertThat(retried.lines()).isEqualTo(lines);
        assertThat(inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 3, 2));
    }

    @Test
    void aRetryWithDifferentLinesIsRefusedAndChangesNothing() {
        inventory.setAvailable("APPLE", 5);
        inventory.reserve("o-1", List.of(new ReservationLine("APPLE", 2)));

        assertThatThrownBy(() -> inventory.reserve("o-1", List.of(new ReservationLine("APPLE", 3))))
                .isInstanceOf(ReservationMismatchException.class);
        assertThat(inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 3, 2));
    }

    @Test
    void releaseReturnsExactlyWhatWasReservedOnce() {
        inventory.setAvailable("APPLE", 5);
        inventory.setAvailable("PEAR", 4);
        inventory.reserve("o-1", List.of(new ReservationLine("APPLE", 2), new ReservationLine("PEAR", 4)));
        inventory.reserve("o-2", List.of(new ReservationLine("APPLE", 1)));

        Release first = inventory.release("o-1");
        Release second = inventory.release("o-1");

        assertThat(first.outcome()).isEqualTo(Release.Outcome.RELEASED);
        assertThat(first.lines()).containsExactly(new ReservationLine("APPLE", 2), new ReservationLine("PEAR", 4));
        assertThat(second.outcome()).isEqualTo(Release.Outcome.ALREADY_RELEASED);
        assertThat(second.lines()).isEqualTo(first.lines());
        // o-2 still holds its unit
        assertThat(inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 4, 1));
        assertThat(inventory.stockLevel("PEAR")).contains(new StockLevel("PEAR", 4, 0));
        assertThat(inventory.heldBy("o-1")).isEmpty();
        assertThat(inventory.heldBy("o-2")).containsExactly(new ReservationLine("APPLE", 1));
    }

    @Test
    void releasingAnOrderThatHeldNothingIsANoOpThatRefusesALateReservation() {
        inventory.setAvailable("APPLE", 5);

        Release release = inventory.release("o-1");
        assertThat(release.outcome()).isEqualTo(Release.Outcome.NOTHING_RESERVED);
        assertThat(release.lines()).isEmpty();

        assertThatThrownBy(() -> inventory.reserve("o-1", List.of(new ReservationLine("APPLE", 1))))
                .isInstanceOf(ReservationReleasedException.class);
        assertThat(inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 5, 0));
        assertThat(inventory.release("o-1").outcome()).isEqualTo(Release.Outcome.ALREADY_RELEASED);
    }

    @Test
    void aReservationAfterItsReleaseIsRefused() {
        inventory.setAvailable("APPLE", 5);
        List<ReservationLine> lines = List.of(new ReservationLine("APPLE", 2));
        inventory.reserve("o-1", lines);
        inventory.release("o-1");

        assertThatThrownBy(() -> inventory.reserve("o-1", lines)).isInstanceOf(ReservationReleasedException.class);
        assertThat(inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 5, 0));
    }

    @Test
    void settingAvailableStockKeepsReservedUnits() {
        inventory.setAvailable("APPLE", 5);
        inventory.reserve("o-1", List.of(new ReservationLine("APPLE", 2)));

        StockLevel level = inventory.setAvailable("APPLE", 10);

        assertThat(level).isEqualTo(new StockLevel("APPLE", 10, 2));
        assertThat(inventory.release("o-1").outcome()).isEqualTo(Release.Outcome.RELEASED);
        assertThat(inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 12, 0));
    }

    @Test
    void badInputIsRejectedBeforeAnyStatementRuns() {
        inventory.setAvailable("APPLE", 5);

        assertThatThrownBy(() -> inventory.reserve("o-1", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inventory.reserve("o-1",
                List.of(new ReservationLine("APPLE", 1), new ReservationLine("APPLE", 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than one line");
        assertThatThrownBy(() -> inventory.reserve(" ", List.of(new ReservationLine("APPLE", 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReservationLine("APPLE", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inventory.setAvailable("APPLE", -1)).isInstanceOf(IllegalArgumentException.class);

        assertThat(inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 5, 0));
        assertThat(inventory.release("o-1").outcome()).isEqualTo(Release.Outcome.NOTHING_RESERVED);
    }
}
