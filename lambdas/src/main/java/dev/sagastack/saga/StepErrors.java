package dev.sagastack.saga;

import dev.sagastack.account.AccountBusy;
import dev.sagastack.account.DuplicateCommand;
import dev.sagastack.account.InvalidAmount;
import dev.sagastack.dynamo.Cancellation;
import dev.sagastack.eventstore.CommandConflict;
import dev.sagastack.eventstore.ConcurrencyConflict;
import dev.sagastack.inventory.InsufficientStockException;
import dev.sagastack.inventory.InventoryUnavailableException;
import dev.sagastack.inventory.ReservationMismatchException;
import dev.sagastack.inventory.ReservationReleasedException;
import dev.sagastack.order.IllegalStatusTransition;
import dev.sagastack.order.InvalidOrder;
import dev.sagastack.order.OrderConflict;
import dev.sagastack.order.OrderNotFound;
import dev.sagastack.shipment.ShipmentCancelled;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Maps what the domain and the SDK throw to the error names the state machine acts on. Anything
 * without a saga meaning passes through unchanged: its own class name tells the operator what broke.
 */
public final class StepErrors {

    private StepErrors() {
    }

    public static RuntimeException translate(RuntimeException e) {
        if (e instanceof StepError) {
            return e;
        }
        // business outcomes
        if (e instanceof InsufficientStockException) {
            return new InsufficientStock(e.getMessage(), e);
        }
        if (e instanceof dev.sagastack.account.InsufficientFunds) {
            return new InsufficientFunds(e.getMessage(), e);
        }
        if (e instanceof dev.sagastack.account.AccountClosed) {
            return new AccountClosed(e.getMessage(), e);
        }
        if (e instanceof dev.sagastack.account.AccountNotFound) {
            return new AccountNotFound(e.getMessage(), e);
        }
        if (e instanceof ShipmentCancelled) {
            return new ShipmentRejected(e.getMessage(), e);
        }
        // may pass: retry
        if (e instanceof InventoryUnavailableException || e instanceof AccountBusy
                || e instanceof ConcurrencyConflict || isTransientSdkFailure(e)) {
            return new TransientError(e.getMessage(), e);
        }
        // stored state contradicts the request
        if (e instanceof ReservationReleasedException || e instanceof ReservationMismatchException
                || e instanceof DuplicateCommand || e instanceof CommandConflict
                || e instanceof IllegalStatusTransition || e instanceof OrderConflict || e instanceof OrderNotFound) {
            return new StepConflict(e.getMessage(), e);
        }
        if (e instanceof InvalidAmount || e instanceof InvalidOrder || e instanceof IllegalArgumentException) {
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
