package dev.sagastack.saga;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

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

    @Test
    void aTransactionCancelledByAConditionIsNotRetried() {
        TransactionCanceledException refused = cancelled("ConditionalCheckFailed", "TransactionConflict");

        assertThat(StepErrors.translate(refused)).isSameAs(refused);
    }
}
