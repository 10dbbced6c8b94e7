package dev.sagastack.systemtest.saga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.inventory.ReservationLine;
import dev.sagastack.inventory.StockLevel;
import dev.sagastack.order.Order;
import dev.sagastack.order.OrderLine;
import dev.sagastack.order.OrderStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The invariants every saga run must keep, checked against the stores themselves. */
final class SagaAssertions {

    static final List<String> COMPENSATIONS = List.of("CancelShipment", "RefundPayment", "ReleaseInventory");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SagaAssertions() {
    }

    /**
     * Every order is final; stock is conserved and held exactly by CONFIRMED orders; money is
     * conserved: balances + confirmed totals = deposits. {@code outstanding} lists what orders that
     * need an operator still hold (their stock, their charge), which the invariants then account for.
     */
    static void assertInvariants(SagaWorld world, Collection<String> orderIds, Map<String, Long> outstandingCharges,
                                 Set<String> ordersStillHoldingStock) {
        long confirmedTotals = 0;
        Map<String, Long> heldByOrders = new HashMap<>();
        for (String orderId : orderIds) {
            Order order = world.orders.get(orderId).orElseThrow();
            assertThat(order.status()).as("order %s is final", orderId)
                    .isIn(OrderStatus.CONFIRMED, OrderStatus.CANCELLED, OrderStatus.NEEDS_ATTENTION);
            List<ReservationLine> held = world.inventory.heldBy(orderId);
            if (order.status() == OrderStatus.CONFIRMED) {
                confirmedTotals += order.total();
                assertThat(held).as("confirmed order %s holds its lines", orderId)
                        .containsExactlyInAnyOrderElementsOf(lines(order.lines()));
            } else if (!ordersStillHoldingStock.contains(orderId)) {
                assertThat(held).as("%s order %s holds no stock", order.status(), orderId).isEmpty();
            }
            held.forEach(l -> heldByOrders.merge(l.sku(), l.quantity(), Long::sum));
        }
        for (Map.Entry<String, Long> sku : world.initialStock().entrySet()) {
            StockLevel level = world.inventory.stockLevel(sku.getKey()).orElseThrow();
            assertThat(level.available()).as("available %s", sku.getKey()).isGreaterThanOrEqualTo(0);
            assertThat(level.available() + level.reserved()).as("stock of %s conserved", sku.getKey())
                    .isEqualTo(sku.getValue());
            assertThat(level.reserved()).as("reserved %s = what orders hold", sku.getKey())
                    .isEqualTo(heldByOrders.getOrDefault(sku.getKey(), 0L));
        }
        long balances = 0;
        for (String accountId : world.deposited().keySet()) {
            long balance = world.balance(accountId);
            assertThat(balance).as("balance of %s", accountId).isGreaterThanOrEqualTo(0);
            balances += balance;
        }
        long deposits = world.deposited().values().stream().mapToLong(Long::longValue).sum();
        long outstanding = outstandingCharges.values().stream().mapToLong(Long::longValue).sum();
        assertThat(balances + confirmedTotals + outstanding).as("money conserved").isEqualTo(deposits);
    }

    static void assertInvariants(SagaWorld world, Collection<String> orderIds) {
        assertInvariants(world, orderIds, Map.of(), Set.of());
    }

    /** The compensation states the execution entered, in order. */
    static List<String> compensationsRun(SagaWorld world, String executionArn) {
        return world.statesEntered(executionArn).stream().filter(COMPENSATIONS::contains).toList();
    }

    /**
     * Each forward step and each compensation took effect at most once, however often it was
     * invoked (retries, redeliveries).
     */
    static void assertEffectsAtMostOnce(SagaWorld world, String executionArn) {
        Map<String, Integer> effects = new HashMap<>();
        for (Invocation invocation : world.invocations(executionArn)) {
            if (invocation.response().isEmpty()) {
                continue;
            }
            JsonNode response = parse(invocation.response().get());
            String effect = switch (invocation.functionName()) {
                case "ReserveInventory" -> response.path("alreadyReserved").asBoolean(true) ? null : "reserved";
                case "ProcessPayment" -> response.path("replayed").asBoolean(true) ? null : "charged";
                case "ReleaseInventory" -> "RELEASED".equals(response.path("outcome").asText()) ? "released" : null;
                case "RefundPayment" -> "REFUNDED".equals(response.path("outcome").asText()) ? "refunded" : null;
                case "CancelShipment" -> "CANCELLED".equals(response.path("outcome").asText()) ? "shipmentCancelled" : null;
                default -> null;
            };
            if (effect != null) {
                effects.merge(effect, 1, Integer::sum);
            }
        }
        assertThat(effects.values()).as("effects of %s: %s", executionArn, effects).allMatch(n -> n == 1);
    }

    private static List<ReservationLine> lines(List<OrderLine> lines) {
        return lines.stream().map(l -> new ReservationLine(l.sku(), l.quantity())).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
