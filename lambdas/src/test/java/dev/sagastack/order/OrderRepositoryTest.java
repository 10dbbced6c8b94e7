package dev.sagastack.order;

import dev.sagastack.dynamo.LocalDynamoDb;
import dev.sagastack.pagination.InvalidCursor;
import dev.sagastack.pagination.Page;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.pagination.PageRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderRepositoryTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private RememberedOrderOwners orders;
    private String table;

    @BeforeEach
    void setUp() {
        PageCursors cursors = new PageCursors(() -> new byte[32]);
        table = DYNAMO.createTables().singleTable();
        orders = OrderRepository.create(DYNAMO.client(), table, cursors, clock);
    }

    private static NewOrder order(String orderId, String userId) {
        return new NewOrder(orderId, userId, List.of(new OrderLine("SKU-1", 2, 1_250), new OrderLine("SKU-2", 1, 99)), "EUR");
    }

    @Test
    void createdOrderIsPendingWithTotalInMinorUnits() {
        Order order = orders.create(order("o-1", "u-1")).order();

        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.total()).isEqualTo(2 * 1_250 + 99);
        assertThat(orders.get("o-1")).contains(order);
        assertThat(orders.findById("o-1")).contains(order);
        assertThat(orders.get("o-404")).isEmpty();
    }

    @Test
    void aReadThenTransitionOfOneOrderReadsItsOwnerGuardOnce() {
        orders.create(order("o-1", "u-1"));
        OrderRepository otherContainer = OrderRepository.create(DYNAMO.client(), table,
                new PageCursors(() -> new byte[32]), clock);
        DYNAMO.roundTrips().reset();

        otherContainer.get("o-1");
        Order confirmed = otherContainer.transition("o-1", OrderStatus.CONFIRMED, Optional.empty()).order();

        assertThat(confirmed.status()).isEqualTo(OrderStatus.CONFIRMED);
        // guard + order on the first read; the owner is then known, so the transition is one UpdateItem
        assertThat(DYNAMO.roundTrips().count("GetItem")).isEqualTo(2);
        assertThat(DYNAMO.roundTrips().count("UpdateItem")).isEqualTo(1);
        assertThat(DYNAMO.roundTrips().total()).isEqualTo(3);
    }

    @Test
    void theContainerThatCreatedAnOrderKnowsItsOwner() {
        orders.create(order("o-1", "u-1"));
        DYNAMO.roundTrips().reset();

        orders.transition("o-1", OrderStatus.CONFIRMED, Optional.empty());

        assertThat(DYNAMO.roundTrips().snapshot()).isEqualTo(java.util.Map.of("UpdateItem", 1L));
    }

    @Test
    void repeatingACreateReturnsTheSameOrder() {
        OrderCreation first = orders.create(order("o-1", "u-1"));
        clock.advance(5_000);
        NewOrder sameLinesOtherOrder = new NewOrder("o-1", "u-1",
                List.of(new OrderLine("SKU-2", 1, 99), new OrderLine("SKU-1", 2, 1_250)), "EUR");
        OrderCreation again = orders.create(sameLinesOtherOrder);

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.order()).isEqualTo(first.order());
    }

    @Test
    void sameIdWithDifferentContentOrUserIsAConflict() {
        orders.create(order("o-1", "u-1"));

        assertThatThrownBy(() -> orders.create(order("o-1", "u-2"))).isInstanceOf(OrderConflict.class);
        assertThatThrownBy(() -> orders.create(new NewOrder("o-1", "u-1", List.of(new OrderLine("SKU-1", 3, 1_250)), "EUR")))
                .isInstanceOf(OrderConflict.class);
        assertThatThrownBy(() -> orders.create(new NewOrder("o-1", "u-1", order("x", "u-1").lines(), "USD")))
                .isInstanceOf(OrderConflict.class);
        assertThat(orders.findById("o-1").orElseThrow().userId()).isEqualTo("u-1");
        assertThat(orders.listByUser("u-2", PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    void invalidOrdersAreRefused() {
        assertThatThrownBy(() -> new NewOrder("o", "u", List.of(), "EUR")).isInstanceOf(InvalidOrder.class);
        assertThatThrownBy(() -> new OrderLine("SKU", 0, 1)).isInstanceOf(InvalidOrder.class);
        assertThatThrownBy(() -> new OrderLine("SKU", 1, -1)).isInstanceOf(InvalidOrder.class);
        assertThatThrownBy(() -> new NewOrder("o", "u", List.of(new OrderLine("A", 1, 1)), "eur")).isInstanceOf(InvalidOrder.class);
        assertThatThrownBy(() -> new NewOrder("o#1", "u", List.of(new OrderLine("A", 1, 1)), "EUR")).isInstanceOf(InvalidOrder.class);
        assertThatThrownBy(() -> new NewOrder("o", "u", List.of(new OrderLine("A", 1, 1), new OrderLine("A", 2, 1)), "EUR"))
                .isInstanceOf(InvalidOrder.class);
        assertThatThrownBy(() -> new NewOrder("o", "u", List.of(new OrderLine("A", 10_000, Long.MAX_VALUE / 2)), "EUR"))
                .isInstanceOf(InvalidOrder.class);
        assertThat(new NewOrder("o", "u", distinctLines(100), "EUR").lines()).hasSize(100);
        assertThatThrownBy(() -> new NewOrder("o", "u", distinctLines(101), "EUR")).isInstanceOf(InvalidOrder.class)
                .hasMessageContaining("1..100 lines");
    }

    private static List<OrderLine> distinctLines(int count) {
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(new OrderLine("SKU-" + i, 1, 1));
        }
        return lines;
    }

    @Test
    void pendingOrderMovesToEachFinalStatusAndRepeatingIsANoOp() {
        orders.create(order("o-1", "u-1"));
        orders.create(order("o-2", "u-1"));
        orders.create(order("o-3", "u-1"));

        Order confirmed = orders.transition("o-1", OrderStatus.CONFIRMED, Optional.empty()).order();
        Order cancelled = orders.transition("o-2", OrderStatus.CANCELLED,
                Optional.of(new OrderFailure("InsufficientFunds", "balance 5 < 2599"))).order();
        Order attention = orders.transition("o-3", OrderStatus.NEEDS_ATTENTION,
                Optional.of(new OrderFailure("CompensationFailed", "RefundPayment failed"))).order();

        assertThat(confirmed.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(cancelled.failure()).contains(new OrderFailure("InsufficientFunds", "balance 5 < 2599"));
        assertThat(attention.status()).isEqualTo(OrderStatus.NEEDS_ATTENTION);
        assertThat(orders.transition("o-1", OrderStatus.CONFIRMED, Optional.empty()).order()).isEqualTo(confirmed);
        assertThat(orders.get("o-2")).contains(cancelled);
    }

    @Test
    void illegalTransitionIsATypedErrorAndChangesNothing() {
        orders.create(order("o-1", "u-1"));
        Order confirmed = orders.transition("o-1", OrderStatus.CONFIRMED, Optional.empty()).order();

        assertThatThrownBy(() -> orders.transition("o-1", OrderStatus.CANCELLED, Optional.empty()))
                .isInstanceOfSatisfying(IllegalStatusTransition.class, e -> {
                    assertThat(e.current()).isEqualTo(OrderStatus.CONFIRMED);
                    assertThat(e.requested()).isEqualTo(OrderStatus.CANCELLED);
                });
        assertThatThrownBy(() -> orders.transition("o-1", OrderStatus.PENDING, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> orders.transition("o-404", OrderStatus.CONFIRMED, Optional.empty()))
                .isInstanceOf(OrderNotFound.class);
        assertThat(orders.get("o-1")).contains(confirmed);
    }

    @Test
    void ordersByStatusAreListedNewestFirstAcrossPages() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            clock.advance(1_000);
            String id = "o-" + i;
            orders.create(order(id, "u-" + (i % 3)));
            created.add(id);
        }
        orders.transition("o-3", OrderStatus.CONFIRMED, Optional.empty());

        List<String> listed = new ArrayList<>();
        Page<Order> page = orders.listByStatus(OrderStatus.PENDING, PageRequest.first(2));
        listed.addAll(page.items().stream().map(Order::orderId).toList());
        while (page.nextCursor().isPresent()) {
            page = orders.listByStatus(OrderStatus.PENDING, PageRequest.after(2, page.nextCursor().get()));
            listed.addAll(page.items().stream().map(Order::orderId).toList());
        }

        assertThat(listed).containsExactly("o-6", "o-5", "o-4", "o-2", "o-1", "o-0");
        assertThat(orders.listByStatus(OrderStatus.CONFIRMED, PageRequest.first(10)).items())
                .extracting(Order::orderId).containsExactly("o-3");
    }

    @Test
    void cursorOfOneStatusListingIsRejectedByAnother() {
        for (int i = 0; i < 3; i++) {
            orders.create(order("o-" + i, "u-1"));
            orders.transition("o-" + i, OrderStatus.CANCELLED, Optional.of(new OrderFailure("X", "")));
        }
        String cursor = orders.listByStatus(OrderStatus.CANCELLED, PageRequest.first(1)).nextCursor().orElseThrow();

        assertThatThrownBy(() -> orders.listByStatus(OrderStatus.PENDING, PageRequest.after(1, cursor)))
                .isInstanceOf(InvalidCursor.class);
        assertThatThrownBy(() -> orders.listByUser("u-1", PageRequest.after(1, cursor)))
                .isInstanceOf(InvalidCursor.class);
    }

    @Test
    void idsFromIdempotencyKeysAreStablePerUserAndKey() {
        String id = OrderIds.fromIdempotencyKey("u-1", "key-1");

        assertThat(OrderIds.fromIdempotencyKey("u-1", "key-1")).isEqualTo(id).hasSize(26);
        assertThat(OrderIds.fromIdempotencyKey("u-2", "key-1")).isNotEqualTo(id);
        assertThat(OrderIds.fromIdempotencyKey("u-1", "key-2")).isNotEqualTo(id);
        assertThat(OrderIds.newId()).hasSize(26);
    }

    // DynamoDB API reference, UpdateItem: ReturnValuesOnConditionCheckFailure ALL_OLD returns the item
    // that failed the condition, so one write tells a repeated transition from a refused one
    @Test
    void aTransitionWithItsOwnerIsOneConditionalWriteAndARepeatChangesNothing() {
        Order created = orders.create(order("o-1", "u-1")).order();
        RememberedOrderOwners fresh = OrderRepository.create(DYNAMO.client(), table,
                new PageCursors(() -> new byte[32]), clock);
        DYNAMO.roundTrips().reset();

        OrderTransition first = told(fresh, "o-1", "u-1").transition("o-1", OrderStatus.CONFIRMED, Optional.empty());
        clock.advance(1_000);
        OrderTransition again = told(fresh, "o-1", "u-1").transition("o-1", OrderStatus.CONFIRMED, Optional.empty());

        assertThat(first.changed()).isTrue();
        assertThat(first.order().status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(first.order().total()).isEqualTo(created.total());
        assertThat(again.changed()).isFalse();
        assertThat(again.order()).isEqualTo(first.order());
        assertThat(DYNAMO.roundTrips().snapshot()).isEqualTo(java.util.Map.of("UpdateItem", 2L));
        assertThat(orders.get("o-1")).contains(first.order());
    }

    @Test
    void aTransitionRefusedByAnotherFinalStatusNamesTheOrderFoundAndWritesNothing() {
        orders.create(order("o-1", "u-1"));
        Order cancelled = told(orders, "o-1", "u-1").transition("o-1", OrderStatus.CANCELLED,
                Optional.of(new OrderFailure("InsufficientFunds", "no money"))).order();

        assertThatThrownBy(() -> told(orders, "o-1", "u-1").transition("o-1", OrderStatus.CONFIRMED, Optional.empty()))
                .isInstanceOfSatisfying(IllegalStatusTransition.class, e -> {
                    assertThat(e.current()).isEqualTo(OrderStatus.CANCELLED);
                    assertThat(e.currentOrder()).contains(cancelled);
                });
        assertThat(orders.get("o-1")).contains(cancelled);
    }

    @Test
    void aWrongOwnerIsCorrectedByTheGuardAndNeverWritesAnotherUsersKey() {
        orders.create(order("o-1", "u-1"));
        RememberedOrderOwners fresh = OrderRepository.create(DYNAMO.client(), table,
                new PageCursors(() -> new byte[32]), clock);

        OrderTransition confirmed = told(fresh, "o-1", "u-2").transition("o-1", OrderStatus.CONFIRMED, Optional.empty());

        assertThat(confirmed.changed()).isTrue();
        assertThat(confirmed.order().userId()).isEqualTo("u-1");
        assertThat(orders.get("o-1").map(Order::status)).contains(OrderStatus.CONFIRMED);
        assertThat(orders.listByUser("u-2", PageRequest.first(10)).items()).isEmpty();
        assertThatThrownBy(() -> told(fresh, "o-404", "u-1").transition("o-404", OrderStatus.CONFIRMED, Optional.empty()))
                .isInstanceOf(OrderNotFound.class);
    }

    /** The owner the saga's input names, told to the container's memory before the transition. */
    private static RememberedOrderOwners told(RememberedOrderOwners orders, String orderId, String owner) {
        orders.expectOwner(orderId, owner);
        return orders;
    }

    /** A clock tests move forward by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(long millis) {
            now = now.plusMillis(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
