package dev.sagastack.saga;

import dev.sagastack.account.AccountClosed;
import dev.sagastack.account.AccountNotFound;
import dev.sagastack.account.InsufficientFunds;
import dev.sagastack.account.InvalidAmount;
import dev.sagastack.account.PaymentVoided;
import dev.sagastack.inventory.InsufficientStockException;
import dev.sagastack.order.OrderNotFound;
import dev.sagastack.shipment.RecipientNotFound;
import dev.sagastack.shipment.ShipmentCancelled;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DynamoDB API reference, TransactWriteItems, TransactionCanceledException: one reason per action;
 * "TransactionConflict" means another transaction held an item (retryable), "ConditionalCheckFailed"
 * means the stored state refused the write (not retryable).
 */
class StepErrorsTest {

    private static TransactionCanceledException cancelled(String... codes) {
        CancellationReason[] reasons = new CancellationReason[codes.length];
        for (int i = 0; i < codes.length; i++) {
            reasons[i] = CancellationReason.builder().code(codes[i]).build();
        }
        return TransactionCanceledException.builder().message("Transaction cancelled")
                .cancellationReasons(reasons).statusCode(400).build();
    }

    @Test
    void aTransactionCancelledOnlyByConflictsIsTransientSoTheStateMachineRetriesIt() {
        RuntimeException translated = StepErrors.translate(cancelled("None", "TransactionConflict"));

        assertThat(translated).isInstanceOf(TransientError.class);
    }

    /**
     * One error model: each domain refusal the saga's ASL catches by name is mapped, once, to exactly that
     * name (Lambda reports a thrown exception's class name as the error type, and the ASL's ErrorEquals
     * lists {@code dev.sagastack.saga.<Name>}); the business ones are not retried, and no other code can
     * throw them (their classes are package-private).
     */
    @Test
    void domainRefusalsBecomeTheErrorNamesTheStateMachineCatches() throws IOException {
        Map<RuntimeException, String> refusals = Map.of(
                new InsufficientFunds("a-1", 5, 10), "dev.sagastack.saga.InsufficientFunds",
                new AccountClosed("a-1"), "dev.sagastack.saga.AccountClosed",
                new AccountNotFound("a-1"), "dev.sagastack.saga.AccountNotFound",
                new InsufficientStockException("o-1", List.of(new InsufficientStockException.Shortage("S", 2, 1, false))),
                "dev.sagastack.saga.InsufficientStock",
                new ShipmentCancelled("o-1"), "dev.sagastack.saga.ShipmentRejected");
        String asl = Files.readString(Path.of("..", "statemachines", "order-saga.asl.json"));
        refusals.forEach((refusal, name) -> {
            RuntimeException translated = StepErrors.translate(refusal);
            assertThat(translated).isInstanceOf(StepError.class).hasMessage(refusal.getMessage()).hasCause(refusal);
            assertThat(((StepError) translated).errorName()).isEqualTo(name);
            assertThat(((StepError) translated).business()).isTrue();
            assertThat(asl).as("the ASL catches " + name).contains("\"" + name + "\"");
        });
        for (String name : List.of("InsufficientFunds", "AccountClosed", "AccountNotFound", "InsufficientStock")) {
            assertThat(Modifier.isPublic(classNamed(name).getModifiers())).as(name).isFalse();
        }
    }

    /**
     * The refusals that are not business outcomes: a missing order, a payment a refund voided, a recipient that does not
     * exist (the ASL's ShipmentRejected), each mapped once by its kind or code, to exactly one name.
     */
    @Test
    void otherRefusalsBecomeTheirStepErrorNames() {
        Map<RuntimeException, String> refusals = Map.of(
                new OrderNotFound("order not found: o-1"), "dev.sagastack.saga.StepConflict",
                new PaymentVoided("o-1"), "dev.sagastack.saga.StepConflict",
                new RecipientNotFound("o-1", "u-1"), "dev.sagastack.saga.ShipmentRejected",
                new InvalidAmount("amount must be positive"), "dev.sagastack.saga.InvalidStepInput",
                new IllegalArgumentException("bad"), "dev.sagastack.saga.InvalidStepInput");
        refusals.forEach((refusal, name) -> {
            RuntimeException translated = StepErrors.translate(refusal);
            assertThat(translated).as(refusal.toString()).isInstanceOf(StepError.class)
                    .hasMessage(refusal.getMessage()).hasCause(refusal);
            assertThat(((StepError) translated).errorName()).isEqualTo(name);
        });
    }

    /** Only StepErrors makes a StepError: no subclass has a constructor another package could call. */
    @Test
    void noStepErrorIsConstructibleOutsideTheMapping() {
        for (String name : List.of("InsufficientFunds", "AccountClosed", "AccountNotFound", "InsufficientStock",
                "ShipmentRejected", "StepConflict", "TransientError", "InvalidStepInput")) {
            Class<?> type = classNamed(name);
            assertThat(StepError.class.isAssignableFrom(type)).as(name).isTrue();
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                int modifiers = constructor.getModifiers();
                assertThat(Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers)).as(constructor.toString()).isFalse();
            }
        }
    }

    private static Class<?> classNamed(String simpleName) {
        try {
            return Class.forName("dev.sagastack.saga." + simpleName);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTransactionCancelledByAConditionIsNotRetried() {
        TransactionCanceledException refused = cancelled("ConditionalCheckFailed", "TransactionConflict");

        assertThat(StepErrors.translate(refused)).isSameAs(refused);
    }
}
