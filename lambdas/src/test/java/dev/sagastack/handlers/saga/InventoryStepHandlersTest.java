package dev.sagastack.handlers.saga;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.config.AppContext;
import dev.sagastack.inventory.InventoryDatabase;
import dev.sagastack.inventory.InventoryDatabaseSettings;
import dev.sagastack.inventory.InventoryService;
import dev.sagastack.inventory.StockLevel;
import dev.sagastack.inventory.TestDatabases;
import dev.sagastack.saga.StepError;
import dev.sagastack.saga.InvalidStepInput;
import dev.sagastack.saga.StepConflict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryStepHandlersTest {

    private InventoryDatabase admin;
    private InventoryService inventory;
    private ReserveInventoryHandler reserve;
    private ReleaseInventoryHandler release;

    @BeforeEach
    void setUp() {
        InventoryDatabaseSettings settings = TestDatabases.migratedDatabase();
        Map<String, String> env = Map.of(
                "INVENTORY_DB_HOST", settings.host(), "INVENTORY_DB_PORT", Integer.toString(settings.port()),
                "INVENTORY_DB_NAME", settings.database(), "INVENTORY_DB_USER", settings.user(),
                "INVENTORY_DB_AUTH", "password", "INVENTORY_DB_PASSWORD", settings.password().orElseThrow());
        reserve = new ReserveInventoryHandler(AppContext.fromEnvironment(env));
        release = new ReleaseInventoryHandler(AppContext.fromEnvironment(env));
        admin = InventoryDatabase.connect(InventoryDatabase.connectionFactory(settings));
        inventory = InventoryService.create(admin);
        inventory.setAvailable("APPLE", 5);
        inventory.setAvailable("PEAR", 2);
    }

    @AfterEach
    void tearDown() {
        admin.close();
    }

    @Test
    void reserveReturnsWhatItHeldAndARedeliveryHoldsNothingMore() {
        String payload = "{\"orderId\":\"o-1\",\"items\":[{\"sku\":\"PEAR\",\"quantity\":2},{\"sku\":\"APPLE\",\"quantity\":1}],"
                + "\"executionArn\":\"arn:aws:states:us-east-1:123456789012:execution:OrderSaga:o-1\",\"extra\":true}";

        JsonNode first = Invocations.invoke(reserve, "ReserveInventory", payload);
        JsonNode again = Invocations.invoke(reserve, "ReserveInventory", payload);

        assertThat(first.toString()).isEqualTo("{\"orderId\":\"o-1\",\"reserved\":[{\"sku\":\"APPLE\",\"quantity\":1},"
                + "{\"sku\":\"PEAR\",\"quantity\":2}],\"alreadyReserved\":false}");
        assertThat(again.get("alreadyReserved").asBoolean()).isTrue();
        assertThat(inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 4, 1));
        assertThat(inventory.stockLevel("PEAR")).contains(new StockLevel("PEAR", 0, 2));
    }

    @Test
    void shortStockIsTheBusinessErrorInsufficientStockAndHoldsNothing() {
        assertThatThrownBy(() -> Invocations.invoke(reserve, "ReserveInventory",
                "{\"orderId\":\"o-1\",\"items\":[{\"sku\":\"APPLE\",\"quantity\":1},{\"sku\":\"PEAR\",\"quantity\":3}]}"))
                .isInstanceOf(StepError.class)
                .hasMessageContaining("PEAR requested 3, available 2")
                .satisfies(e -> assertThat(((StepError) e).errorName()).isEqualTo("dev.sagastack.saga.InsufficientStock"));
        assertThat(inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 5, 0));
    }

    @Test
    void releaseReturnsTheHeldLinesOnceAndThenReportsAlreadyReleased() {
        Invocations.invoke(reserve, "ReserveInventory",
                "{\"orderId\":\"o-1\",\"items\":[{\"sku\":\"APPLE\",\"quantity\":3}]}");

        JsonNode first = Invocations.invoke(release, "ReleaseInventory", "{\"orderId\":\"o-1\"}");
        JsonNode second = Invocations.invoke(release, "ReleaseInventory", "{\"orderId\":\"o-1\"}");

        assertThat(first.toString()).isEqualTo(
                "{\"orderId\":\"o-1\",\"outcome\":\"RELEASED\",\"released\":[{\"sku\":\"APPLE\",\"quantity\":3}]}");
        assertThat(second.get("outcome").asText()).isEqualTo("ALREADY_RELEASED");
        assertThat(inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 5, 0));
    }

    @Test
    void aReservationArrivingAfterItsReleaseIsAConflictAndHoldsNothing() {
        Invocations.invoke(release, "ReleaseInventory", "{\"orderId\":\"o-late\"}");

        assertThatThrownBy(() -> Invocations.invoke(reserve, "ReserveInventory",
                "{\"orderId\":\"o-late\",\"items\":[{\"sku\":\"APPLE\",\"quantity\":1}]}"))
                .isInstanceOf(StepConflict.class);
        assertThat(inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 5, 0));
    }

    @Test
    void malformedPayloadsAreInvalidStepInputNamingTheField() {
        assertThatThrownBy(() -> Invocations.invoke(reserve, "ReserveInventory", "{\"items\":[]}"))
                .isInstanceOf(InvalidStepInput.class).hasMessageContaining("orderId");
        assertThatThrownBy(() -> Invocations.invoke(reserve, "ReserveInventory",
                "{\"orderId\":\"o-1\",\"items\":[{\"sku\":\"APPLE\",\"quantity\":0}]}"))
                .isInstanceOf(InvalidStepInput.class).hasMessageContaining("items[0].quantity");
        assertThatThrownBy(() -> Invocations.invoke(reserve, "ReserveInventory",
                "{\"orderId\":\"o-1\",\"items\":[{\"sku\":\"APPLE\",\"quantity\":\"two\"}]}"))
                .isInstanceOf(InvalidStepInput.class).hasMessageContaining("items[0].quantity");
        assertThatThrownBy(() -> Invocations.invoke(reserve, "ReserveInventory", "not json"))
                .isInstanceOf(InvalidStepInput.class);
        assertThat(inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 5, 0));
    }
}
