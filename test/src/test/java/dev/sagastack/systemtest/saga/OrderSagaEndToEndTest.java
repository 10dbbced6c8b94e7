package dev.sagastack.systemtest.saga;

import dev.sagastack.inventory.ReservationLine;
import dev.sagastack.inventory.StockLevel;
import dev.sagastack.local.stepfunctions.ExecutionInfo;
import dev.sagastack.local.stepfunctions.ExecutionStatus;
import dev.sagastack.order.Order;
import dev.sagastack.order.OrderLine;
import dev.sagastack.order.OrderStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.sagastack.systemtest.saga.SagaAssertions.assertEffectsAtMostOnce;
import static dev.sagastack.systemtest.saga.SagaAssertions.assertInvariants;
import static dev.sagastack.systemtest.saga.SagaAssertions.compensationsRun;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order saga end to end: statemachines/order-saga.asl.json in the local engine, the catalog's
 * handlers, DynamoDB-compatible server and PostgreSQL. One customer with 10 000 (EUR cents), SKUs
 * APPLE (10) and PEAR (5); the order is 2 APPLE at 1 500 + 1 PEAR at 2 000 = 5 000.
 */
class OrderSagaEndToEndTest {

    private static final List<OrderLine> LINES = List.of(new OrderLine("APPLE", 2, 1_500), new OrderLine("PEAR", 1, 2_000));
    private static final long TOTAL = 5_000;

    private SagaWorld world;
    private String userId;
    private String accountId;

    @BeforeEach
    void setUp() {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println(getClass().getSimpleName() + " seed=" + seed + " (rerun with -Dseed=" + seed + ")");
        world = new SagaWorld(seed);
        world.stock("APPLE", 10);
        world.stock("PEAR", 5);
        userId = world.user("ada");
        accountId = world.account(userId, 10_000);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private ExecutionInfo run(String orderId) {
        return run(orderId, userId, LINES);
    }

    private ExecutionInfo run(String orderId, String customer, List<OrderLine> lines) {
        String arn = world.startOrder(orderId, customer, accountId, lines);
        ExecutionInfo done = world.await(arn);
        assertThat(done.status()).as("execution %s ended", orderId).isNotEqualTo(ExecutionStatus.RUNNING);
        return done;
    }

    private OrderStatus status(String orderId) {
        return world.orders.get(orderId).orElseThrow().status();
    }

    @Test
    void aSuccessfulSagaReservesChargesShipsAndConfirms() {
        ExecutionInfo done = run("order-ok");

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.output().orElseThrow()).contains("\"status\":\"CONFIRMED\"").contains("\"charged\"");
        assertThat(world.statesEntered(done.executionArn())).containsExactly(
                "ReceiveOrder", "ReserveInventory", "ProcessPayment", "CreateShipment", "ConfirmOrder", "OrderConfirmed");
        assertThat(status("order-ok")).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(world.balance(accountId)).isEqualTo(10_000 - TOTAL);
        assertThat(world.inventory.stockLevel("APPLE")).contains(new StockLevel("APPLE", 8, 2));
        assertInvariants(world, List.of("order-ok"));
        assertEffectsAtMostOnce(world, done.executionArn());
    }

    @Test
    @DisplayName("InsufficientStock at ReserveInventory: nothing held, ReleaseInventory runs, order CANCELLED")
    void insufficientStockCancelsTheOrderAfterReleasingNothing() {
        ExecutionInfo done = run("order-stock", userId, List.of(new OrderLine("PEAR", 6, 100)));

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).contains("InsufficientStock");
        assertThat(done.cause().orElseThrow()).contains("ReserveInventory failed");
        assertThat(compensationsRun(world, done.executionArn())).containsExactly("ReleaseInventory");
        assertThat(world.statesEntered(done.executionArn())).endsWith("MarkOrderCancelled", "OrderCancelled");
        Order order = world.orders.get("order-stock").orElseThrow();
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.failure().orElseThrow().error()).isEqualTo("InsufficientStock");
        assertThat(order.failure().orElseThrow().cause()).contains("PEAR requested 6, available 5");
        assertThat(world.invocations(done.executionArn()).stream().filter(i -> i.stateName().equals("ReserveInventory")))
                .as("business errors are not retried").hasSize(1);
        assertInvariants(world, List.of("order-stock"));
        assertEffectsAtMostOnce(world, done.executionArn());
    }

    @Test
    @DisplayName("InsufficientFunds at ProcessPayment: stock released, nothing charged, order CANCELLED")
    void insufficientFundsReleasesTheReservation() {
        ExecutionInfo done = run("order-funds", userId, List.of(new OrderLine("APPLE", 5, 2_500)));

        assertThat(done.error()).contains("InsufficientFunds");
        assertThat(compensationsRun(world, done.executionArn())).containsExactly("RefundPayment", "ReleaseInventory");
        assertThat(status("order-funds")).isEqualTo(OrderStatus.CANCELLED);
        assertThat(world.balance(accountId)).isEqualTo(10_000);
        assertThat(world.invocations(done.executionArn()).stream().filter(i -> i.stateName().equals("ProcessPayment")))
                .hasSize(1);
        assertInvariants(world, List.of("order-funds"));
        assertEffectsAtMostOnce(world, done.executionArn());
    }

    @Test
    @DisplayName("AccountClosed at ProcessPayment: the closed account is not charged, order CANCELLED")
    void aClosedAccountCancelsTheOrder() {
        String emptyAccount = world.account(userId + "-closed", 0);
        world.accounts.close(emptyAccount, "close-it");
        String arn = world.startOrder("order-closed", userId, emptyAccount, LINES);
        ExecutionInfo done = world.await(arn);

        assertThat(done.error()).contains("AccountClosed");
        assertThat(compensationsRun(world, done.executionArn())).containsExactly("RefundPayment", "ReleaseInventory");
        assertThat(status("order-closed")).isEqualTo(OrderStatus.CANCELLED);
        assertInvariants(world, List.of("order-closed"));
    }

    @Test
    @DisplayName("ShipmentRejected at CreateShipment: refunded and released in reverse order, order CANCELLED")
    void aRejectedShipmentRefundsAndReleasesInReverseOrder() {
        // the order names a recipient that does not exist: shipping refuses it
        ExecutionInfo done = run("order-ship", "ghost-user", LINES);

        assertThat(done.error()).contains("ShipmentRejected");
        assertThat(compensationsRun(world, done.executionArn()))
                .containsExactly("CancelShipment", "RefundPayment", "ReleaseInventory");
        assertThat(status("order-ship")).isEqualTo(OrderStatus.CANCELLED);
        assertThat(world.balance(accountId)).isEqualTo(10_000);
        assertInvariants(world, List.of("order-ship"));
        assertEffectsAtMostOnce(world, done.executionArn());
    }

    @ParameterizedTest(name = "{0} times out on every attempt after its side effect: compensated too")
    @ValueSource(strings = {"ReserveInventory", "ProcessPayment", "CreateShipment"})
    void aStepThatKeepsTimingOutIsCompensatedWithTheStepsBefore(String step) {
        world.injectAlways(step, Fault.TIMEOUT_AFTER_EFFECT);

        ExecutionInfo done = run("order-timeout");

        assertThat(done.error()).contains("States.Timeout");
        List<String> expected = switch (step) {
            case "ReserveInventory" -> List.of("ReleaseInventory");
            case "ProcessPayment" -> List.of("RefundPayment", "ReleaseInventory");
            default -> List.of("CancelShipment", "RefundPayment", "ReleaseInventory");
        };
        assertThat(compensationsRun(world, done.executionArn())).containsExactlyElementsOf(expected);
        assertThat(world.invocations(done.executionArn()).stream().filter(i -> i.stateName().equals(step)))
                .as("States.Timeout is retried").hasSizeGreaterThan(1);
        assertThat(status("order-timeout")).isEqualTo(OrderStatus.CANCELLED);
        assertThat(world.balance(accountId)).isEqualTo(10_000);
        assertInvariants(world, List.of("order-timeout"));
        assertEffectsAtMostOnce(world, done.executionArn());
    }

    @Test
    @DisplayName("ConfirmOrder times out after confirming: the order is settled as CONFIRMED, nothing undone")
    void aConfirmationWhoseAnswerWasLostStillSucceeds() {
        world.injectAlways("ConfirmOrder", Fault.TIMEOUT_AFTER_EFFECT);

        ExecutionInfo done = run("order-confirm-late");

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(compensationsRun(world, done.executionArn())).isEmpty();
        assertThat(world.statesEntered(done.executionArn())).contains("CancelUnconfirmedOrder", "CheckOrderOutcome");
        assertThat(status("order-confirm-late")).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(world.balance(accountId)).isEqualTo(10_000 - TOTAL);
        assertInvariants(world, List.of("order-confirm-late"));
    }

    @Test
    @DisplayName("ConfirmOrder times out without running: cancelled first (fencing a late confirm), then undone")
    void aConfirmationThatNeverRanIsCancelledAndUndone() {
        world.injectAlways("ConfirmOrder", Fault.TIMEOUT_BEFORE_EFFECT);

        ExecutionInfo done = run("order-confirm-lost");

        assertThat(done.error()).contains("States.Timeout");
        assertThat(compensationsRun(world, done.executionArn()))
                .containsExactly("CancelShipment", "RefundPayment", "ReleaseInventory");
        assertThat(status("order-confirm-lost")).isEqualTo(OrderStatus.CANCELLED);
        assertInvariants(world, List.of("order-confirm-lost"));
        assertEffectsAtMostOnce(world, done.executionArn());
    }

    @ParameterizedTest(name = "{0} crashes after its side effect; the redelivery takes no second effect")
    @ValueSource(strings = {"ReserveInventory", "ProcessPayment", "CreateShipment", "ConfirmOrder"})
    void aCrashAfterTheSideEffectIsRetriedWithoutASecondEffect(String step) {
        world.inject(step, (execution, attempt) -> attempt == 0 ? Fault.CRASH_AFTER_EFFECT : Fault.NONE);

        ExecutionInfo done = run("order-crash");

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(world.invocations(done.executionArn()).stream().filter(i -> i.stateName().equals(step))).hasSize(2);
        assertThat(world.balance(accountId)).isEqualTo(10_000 - TOTAL);
        assertThat(world.inventory.heldBy("order-crash")).containsExactlyInAnyOrder(
                new ReservationLine("APPLE", 2), new ReservationLine("PEAR", 1));
        assertInvariants(world, List.of("order-crash"));
        assertEffectsAtMostOnce(world, done.executionArn());
    }

    @Test
    @DisplayName("A compensation that fails twice, then succeeds on retry, takes effect once")
    void aCompensationThatFailsThenSucceedsTakesEffectOnce() {
        world.inject("RefundPayment", (execution, attempt) -> attempt < 2 ? Fault.TRANSIENT_ERROR : Fault.NONE);
        world.inject("ReleaseInventory", (execution, attempt) -> attempt == 0 ? Fault.SERVICE_ERROR_BEFORE : Fault.NONE);

        ExecutionInfo done = run("order-retry", "ghost-user", LINES);

        assertThat(done.error()).contains("ShipmentRejected");
        assertThat(compensationsRun(world, done.executionArn()))
                .containsExactly("CancelShipment", "RefundPayment", "ReleaseInventory");
        assertThat(world.invocations(done.executionArn()).stream().filter(i -> i.stateName().equals("RefundPayment")))
                .hasSize(3);
        assertThat(status("order-retry")).isEqualTo(OrderStatus.CANCELLED);
        assertThat(world.balance(accountId)).isEqualTo(10_000);
        assertInvariants(world, List.of("order-retry"));
        assertEffectsAtMostOnce(world, done.executionArn());
    }

    @Test
    @DisplayName("A compensation that keeps failing marks the order NEEDS_ATTENTION and fails the execution at its redrive point")
    void aCompensationThatKeepsFailingNeedsAnOperator() {
        world.injectAlways("RefundPayment", Fault.TRANSIENT_ERROR);
        world.injectAlways("RetryRefundPayment", Fault.TRANSIENT_ERROR);

        ExecutionInfo done = run("order-stuck", "ghost-user", LINES);

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).contains("dev.sagastack.saga.TransientError");
        assertThat(world.statesEntered(done.executionArn()))
                .endsWith("MarkNeedsAttention", "CompensationFailed", "RetryRefundPayment");
        assertThat(compensationsRun(world, done.executionArn())).containsExactly("CancelShipment", "RefundPayment");
        assertThat(world.invocations(done.executionArn()).stream().filter(i -> i.stateName().equals("RefundPayment")))
                .as("compensations retry longer than steps").hasSizeGreaterThan(4);
        assertThat(world.invocations(done.executionArn()).stream().filter(i -> i.stateName().equals("RetryRefundPayment")))
                .as("the redrive point is tried once: the operator's redrive is its retry").hasSize(1);

        Order order = world.orders.get("order-stuck").orElseThrow();
        assertThat(order.status()).isEqualTo(OrderStatus.NEEDS_ATTENTION);
        assertThat(order.failure().orElseThrow().error()).isEqualTo("CompensationFailed");
        assertThat(order.failure().orElseThrow().cause()).contains("RefundPayment kept failing")
                .contains("undoing CreateShipment").contains("Already undone: CancelShipment");
        assertThat(world.orders.listByStatus(OrderStatus.NEEDS_ATTENTION,
                dev.sagastack.pagination.PageRequest.first(10)).items()).extracting(Order::orderId)
                .containsExactly("order-stuck");
        // what the operator must settle: the charge was not refunded, the stock not released
        assertInvariants(world, List.of("order-stuck"), Map.of("order-stuck", TOTAL), Set.of("order-stuck"));
        assertThat(world.inventory.heldBy("order-stuck")).hasSize(2);
    }

    @Test
    @DisplayName("Redriven after the outage, a NEEDS_ATTENTION saga finishes its compensations from the redrive point and cancels the order")
    void aSagaNeedingAttentionIsRedrivenOnceTheDependencyIsBack() {
        world.injectAlways("RefundPayment", Fault.TRANSIENT_ERROR);
        world.injectAlways("RetryRefundPayment", Fault.TRANSIENT_ERROR);
        ExecutionInfo stuck = run("order-redriven", "ghost-user", LINES);
        assertThat(world.orders.get("order-redriven").orElseThrow().status()).isEqualTo(OrderStatus.NEEDS_ATTENTION);
        List<String> before = world.statesEntered(stuck.executionArn());

        world.injectAlways("RefundPayment", Fault.NONE);
        world.injectAlways("RetryRefundPayment", Fault.NONE);
        world.engine.redriveExecution(stuck.executionArn(), null);
        ExecutionInfo done = world.await(stuck.executionArn());

        assertThat(done.status()).as("ends as a compensated saga does").isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).contains("ShipmentRejected");
        assertThat(world.statesEntered(done.executionArn()).subList(before.size(), world.statesEntered(done.executionArn()).size()))
                .as("the redrive starts at the redrive point; succeeded states are not run again")
                .containsExactly("RetryRefundPayment", "ReleaseInventory", "MarkOrderCancelled", "OrderCancelled");
        Order order = world.orders.get("order-redriven").orElseThrow();
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.failure().orElseThrow().error()).isEqualTo("ShipmentRejected");
        assertThat(world.balance(accountId)).as("refunded once").isEqualTo(10_000);
        assertInvariants(world, List.of("order-redriven"));
        assertEffectsAtMostOnce(world, done.executionArn());
    }
}
