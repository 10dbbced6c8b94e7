package dev.sagastack.dynamo;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the per-action reasons of a cancelled transaction. DynamoDB lists one reason per action,
 * in request order, with code "None" for actions that did not cause the cancellation
 * (API reference, TransactWriteItems, "TransactionCanceledException").
 */
public final class Cancellation {

    public static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    public static final String TRANSACTION_CONFLICT = "TransactionConflict";

    private final List<CancellationReason> reasons;

    private Cancellation(List<CancellationReason> reasons) {
        this.reasons = reasons;
    }

    public static Cancellation of(TransactionCanceledException e) {
        return new Cancellation(e.hasCancellationReasons() ? e.cancellationReasons() : List.of());
    }

    public boolean conditionFailedAt(int index) {
        return codeAt(index).equals(CONDITIONAL_CHECK_FAILED);
    }

    public boolean anyConditionFailed() {
        return reasons.stream().anyMatch(r -> CONDITIONAL_CHECK_FAILED.equals(r.code()));
    }

    /** True when the only reasons are conflicts with other in-flight transactions: safe to retry. */
    public boolean onlyConflicts() {
        boolean conflict = false;
        for (CancellationReason reason : reasons) {
            String code = reason.code() == null ? "None" : reason.code();
            if (code.equals(TRANSACTION_CONFLICT)) {
                conflict = true;
            } else if (!code.equals("None")) {
                return false;
            }
        }
        return conflict;
    }

    public String codeAt(int index) {
        if (index < 0 || index >= reasons.size() || reasons.get(index).code() == null) {
            return "None";
        }
        return reasons.get(index).code();
    }

    /** The item returned for a failed condition when the request asked for ALL_OLD. */
    public Optional<Map<String, AttributeValue>> itemAt(int index) {
        if (index < 0 || index >= reasons.size() || !reasons.get(index).hasItem()) {
            return Optional.empty();
        }
        return Optional.of(reasons.get(index).item());
    }

    @Override
    public String toString() {
        return reasons.stream().map(r -> r.code() == null ? "None" : r.code()).toList().toString();
    }
}
