package dev.sagastack.saga;

import dev.sagastack.dynamo.Cancellation;
import dev.sagastack.errors.Refusal;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.Map;
import java.util.function.BiFunction;

/**
 * Maps what the domain and the SDK throw to the error names the state machine acts on, once: a
 * refusal by its kind (the business rules the ASL names one by one by their code), an SDK failure
 * that may pass as {@link TransientError}. Anything else passes through unchanged: its own class
 * name tells the operator what broke. The only place that makes a {@link StepError}: steps throw
 * the domain's refusals (an order that does not exist, a voided payment, a malformed payload).
 */
public final class StepErrors {

    /** The business rules the saga's ASL catches by name ({@code ErrorEquals}), by refusal code. */
    private static final Map<String, BiFunction<String, Throwable, StepError>> BUSINESS = Map.of(
            "InsufficientStock", InsufficientStock::new,
            "InsufficientFunds", InsufficientFunds::new,
            "AccountClosed", AccountClosed::new,
            "AccountNotFound", AccountNotFound::new,
            "ShipmentCancelled", ShipmentRejected::new,
            "RecipientNotFound", ShipmentRejected::new);

    private StepErrors() {
    }

    public static RuntimeException translate(RuntimeException e) {
        if (e instanceof StepError) {
            return e;
        }
        if (e instanceof Refusal refusal) {
            String message = e.getMessage();
            return switch (refusal.kind()) {
                case BUSINESS_RULE, NOT_FOUND -> BUSINESS.getOrDefault(refusal.code(), StepConflict::new).apply(message, e);
                case CONFLICT -> new StepConflict(message, e);
                case INVALID -> new InvalidStepInput(message, e);
                case TRANSIENT -> new TransientError(message, e);
            };
        }
        if (isTransientSdkFailure(e)) {
            return new TransientError(e.getMessage(), e);
        }
        if (e instanceof IllegalArgumentException) {
            return new InvalidStepInput(e.getMessage(), e);
        }
        return e;
    }

    private static boolean isTransientSdkFailure(RuntimeException e) {
        if (e instanceof SdkClientException) {
            return true; // no answer from the service (connection, timeout)
        }
        if (e instanceof TransactionCanceledException cancelled && Cancellation.of(cancelled).onlyConflicts()) {
            // another transaction held an item (e.g. two shipments of one user check its profile at once)
            // and Transactions.write ran out of its own quick retries: the step's retry with backoff fits
            return true;
        }
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500
                    || "TransactionConflictException".equals(errorCode(service));
        }
        return false;
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
