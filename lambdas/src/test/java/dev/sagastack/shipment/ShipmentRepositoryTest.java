package dev.sagastack.shipment;

import dev.sagastack.dynamo.LocalDynamoDb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShipmentRepositoryTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    private ShipmentRepository shipments;
    private String table;

    @BeforeEach
    void setUp() {
        table = DYNAMO.createTables().singleTable();
        shipments = ShipmentRepository.create(DYNAMO.client(), table, Clock.systemUTC());
    }

    private static NewShipment shipment(String orderId) {
        return new NewShipment(orderId, "u-1", List.of(new ShipmentLine("SKU-1", 2)));
    }

    @Test
    void createIsIdempotent() {
        Shipment first = shipments.create(shipment("o-1"));
        Shipment again = shipments.create(shipment("o-1"));

        assertThat(first.status()).isEqualTo(ShipmentStatus.CREATED);
        assertThat(again).isEqualTo(first);
        assertThat(shipments.find("o-1")).contains(first);
    }

    @Test
    void cancelAfterCreateCancelsAndRepeatingKeepsTheFirstCancellation() {
        shipments.create(shipment("o-1"));

        Shipment cancelled = shipments.cancel("o-1");
        Shipment again = shipments.cancel("o-1");

        assertThat(cancelled.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(cancelled.lines()).hasSize(1);
        assertThat(again.cancelledAt()).isEqualTo(cancelled.cancelledAt());
    }

    @Test
    void cancelBeforeCreateSucceedsAndStopsALateCreate() {
        Shipment tombstone = shipments.cancel("o-2");

        assertThat(tombstone.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(tombstone.createdAt()).isEmpty();
        assertThatThrownBy(() -> shipments.create(shipment("o-2"))).isInstanceOf(ShipmentCancelled.class);
        assertThat(shipments.find("o-2").orElseThrow().status()).isEqualTo(ShipmentStatus.CANCELLED);
    }

    // DynamoDB API reference, TransactWriteItems: a cancelled transaction lists one reason per action in
    // request order, with the item of a failed Put condition when it asked for ALL_OLD
    @Test
    void createForRecipientWritesOnceChecksTheUserAndReturnsTheShipmentOnARetry() {
        String userId = dev.sagastack.user.UserRepository.create(DYNAMO.client(), table, Clock.systemUTC())
                .create(new dev.sagastack.user.NewUser("ship@example.com", "Ship")).userId();
        NewShipment wanted = new NewShipment("o-1", userId, List.of(new ShipmentLine("SKU-1", 2)));
        DYNAMO.roundTrips().reset();

        Shipment created = shipments.createForRecipient(wanted);
        Shipment again = shipments.createForRecipient(wanted);

        assertThat(created.status()).isEqualTo(ShipmentStatus.CREATED);
        assertThat(created.userId()).contains(userId);
        assertThat(again).isEqualTo(created);
        assertThat(DYNAMO.roundTrips().snapshot()).isEqualTo(java.util.Map.of("TransactWriteItems", 2L));
        assertThat(shipments.find("o-1")).contains(created);
    }

    @Test
    void createForRecipientRefusesAMissingUserAndAnEarlierCancellationWritingNothing() {
        assertThatThrownBy(() -> shipments.createForRecipient(shipment("o-1")))
                .isInstanceOf(RecipientNotFound.class).hasMessageContaining("u-1");
        assertThat(shipments.find("o-1")).isEmpty();

        Shipment tombstone = shipments.cancel("o-2");
        assertThatThrownBy(() -> shipments.createForRecipient(shipment("o-2")))
                .isInstanceOf(ShipmentCancelled.class);
        assertThat(shipments.find("o-2")).contains(tombstone);
    }

    @Test
    void cancelAndReportTellsWhatItFoundInOneWrite() {
        shipments.create(shipment("o-1"));
        DYNAMO.roundTrips().reset();

        ShipmentCancellation cancelled = shipments.cancelAndReport("o-1");
        ShipmentCancellation again = shipments.cancelAndReport("o-1");
        ShipmentCancellation nothing = shipments.cancelAndReport("o-2");

        assertThat(cancelled.before()).contains(ShipmentStatus.CREATED);
        assertThat(cancelled.shipment().status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(cancelled.shipment().lines()).hasSize(1);
        assertThat(again.before()).contains(ShipmentStatus.CANCELLED);
        assertThat(again.shipment()).isEqualTo(cancelled.shipment());
        assertThat(nothing.before()).isEmpty();
        assertThat(nothing.shipment().status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(DYNAMO.roundTrips().snapshot()).isEqualTo(java.util.Map.of("UpdateItem", 3L));
        assertThatThrownBy(() -> shipments.createForRecipient(shipment("o-2"))).isInstanceOf(ShipmentCancelled.class);
    }
}
