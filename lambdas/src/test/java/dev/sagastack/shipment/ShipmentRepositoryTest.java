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

    @BeforeEach
    void setUp() {
        shipments = ShipmentRepository.create(DYNAMO.client(), DYNAMO.createTables().singleTable(), Clock.systemUTC());
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
}
