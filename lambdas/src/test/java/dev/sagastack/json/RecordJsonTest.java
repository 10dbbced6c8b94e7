package dev.sagastack.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Records read and written by their components, as strictly as the steps' data-bound mapper read them. */
class RecordJsonTest {

    enum Colour { RED, GREEN }

    record Line(String sku, long quantity) {
    }

    record Order(String id, Long total, Boolean gift, Colour colour, List<Line> lines, Line first) {
        Order {
            if (id != null && id.isBlank()) {
                throw new IllegalArgumentException("id must not be blank");
            }
        }
    }

    record Tree(String step, JsonNode result) {
    }

    @Test
    void readsEveryComponentIgnoringUnknownMembersAndWritesThemBackInComponentOrder() throws IOException {
        String json = "{\"extra\":{\"deep\":[1,2]},\"id\":\"o-1\",\"total\":300,\"gift\":true,\"colour\":\"GREEN\","
                + "\"lines\":[{\"sku\":\"A\",\"quantity\":2}],\"first\":null}";

        Order order = RecordJson.read(json, Order.class, RecordJson.Missing.NULL);

        assertThat(order).isEqualTo(new Order("o-1", 300L, true, Colour.GREEN, List.of(new Line("A", 2)), null));
        assertThat(RecordJson.writeString(order)).isEqualTo("{\"id\":\"o-1\",\"total\":300,\"gift\":true,\"colour\":\"GREEN\","
                + "\"lines\":[{\"sku\":\"A\",\"quantity\":2}],\"first\":null}");
        assertThat(RecordJson.read(RecordJson.writeString(order), Order.class, RecordJson.Missing.REFUSED)).isEqualTo(order);
    }

    @Test
    void missingMembersAreNullWhenLenientAndRefusedWhenStrictOrPrimitive() throws IOException {
        assertThat(RecordJson.read("{\"id\":\"o-1\"}", Order.class, RecordJson.Missing.NULL))
                .isEqualTo(new Order("o-1", null, null, null, null, null));
        assertThatThrownBy(() -> RecordJson.read("{\"id\":\"o-1\"}", Order.class, RecordJson.Missing.REFUSED))
                .isInstanceOfSatisfying(RecordJson.InvalidJson.class, e -> assertThat(e.path()).isEqualTo("total"));
        assertThatThrownBy(() -> RecordJson.read("{\"lines\":[{\"sku\":\"A\"}]}", Order.class, RecordJson.Missing.NULL))
                .isInstanceOfSatisfying(RecordJson.InvalidJson.class, e -> assertThat(e.path()).isEqualTo("lines[0].quantity"));
        assertThat(RecordJson.read("null", Order.class, RecordJson.Missing.NULL)).isNull();
    }

    @Test
    void noCoercionAMistypedMemberIsRefusedNamingItsPath() {
        for (String bad : List.of("{\"total\":\"300\"}", "{\"total\":3.5}", "{\"total\":true}", "{\"total\":99999999999999999999}")) {
            assertThatThrownBy(() -> RecordJson.read(bad, Order.class, RecordJson.Missing.NULL)).as(bad)
                    .isInstanceOfSatisfying(RecordJson.InvalidJson.class, e -> assertThat(e.path()).isEqualTo("total"));
        }
        assertThatThrownBy(() -> RecordJson.read("{\"lines\":[{\"sku\":\"A\",\"quantity\":\"2\"}]}", Order.class,
                RecordJson.Missing.NULL)).isInstanceOfSatisfying(RecordJson.InvalidJson.class,
                e -> assertThat(e.path()).isEqualTo("lines[0].quantity"));
        assertThatThrownBy(() -> RecordJson.read("{\"id\":7}", Order.class, RecordJson.Missing.NULL))
                .isInstanceOfSatisfying(RecordJson.InvalidJson.class, e -> assertThat(e.reason()).contains("expected a string"));
        assertThatThrownBy(() -> RecordJson.read("{\"colour\":\"BLUE\"}", Order.class, RecordJson.Missing.NULL))
                .isInstanceOfSatisfying(RecordJson.InvalidJson.class, e -> assertThat(e.reason()).contains("RED, GREEN"));
        assertThatThrownBy(() -> RecordJson.read("[1]", Order.class, RecordJson.Missing.NULL))
                .isInstanceOf(RecordJson.InvalidJson.class);
    }

    @Test
    void aRefusalOfTheRecordsConstructorIsTheCause() {
        assertThatThrownBy(() -> RecordJson.read("{\"id\":\" \"}", Order.class, RecordJson.Missing.NULL))
                .isInstanceOf(RecordJson.InvalidJson.class).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id must not be blank");
    }

    @Test
    void malformedJsonIsAnIoFailure() {
        assertThatThrownBy(() -> RecordJson.read("{\"id\":", Order.class, RecordJson.Missing.NULL)).isInstanceOf(IOException.class);
    }

    @Test
    void freeFormMembersAreJsonTrees() throws IOException {
        Tree tree = RecordJson.read("{\"step\":\"RefundPayment\",\"result\":{\"refunded\":5,\"list\":[1]}}", Tree.class,
                RecordJson.Missing.NULL);

        assertThat(tree.result()).isEqualTo(new ObjectMapper().readTree("{\"refunded\":5,\"list\":[1]}"));
        assertThat(RecordJson.writeString(tree)).isEqualTo("{\"step\":\"RefundPayment\",\"result\":{\"refunded\":5,\"list\":[1]}}");
    }
}
